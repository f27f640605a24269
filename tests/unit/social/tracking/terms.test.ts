import fc from 'fast-check';
import { parseTerm, parseTerms, termsSignature } from '../../../../functions/social/tracking/terms';

const ok = (input: unknown) => {
  const r = parseTerm(input);
  if (!r.ok) throw new Error(`expected "${String(input)}" to be valid: ${r.reason}`);
  return r.term;
};
const reason = (input: unknown): string => {
  const r = parseTerm(input);
  if (r.ok) throw new Error(`expected "${String(input)}" to be rejected`);
  return r.reason;
};

describe('parseTerm', () => {
  it.each([
    ['#AWS', { key: '#aws', kind: 'hashtag', display: '#AWS' }],
    ['  #Serverless_Days2026 ', { key: '#serverless_days2026', kind: 'hashtag' }],
    ['＃ＡＷＳ', { key: '#aws', kind: 'hashtag' }],
    ['#東京', { key: '#東京', kind: 'hashtag' }],
    ['#हिंदी', { key: '#हिंदी', kind: 'hashtag' }],
    ['$aapl', { key: '$AAPL', kind: 'cashtag', display: '$AAPL' }],
    ['$BRK.B', { key: '$BRK.B', kind: 'cashtag' }],
    [
      'Machine   Learning',
      { key: 'machine learning', kind: 'keyword', display: 'Machine Learning' },
    ],
    ['c++', { key: 'c++', kind: 'keyword' }],
  ])('accepts %s', (input, expected) => {
    expect(ok(input)).toMatchObject(expected);
  });

  it('accepts a 100-character hashtag and a 60-character keyword, not one more', () => {
    expect(ok(`#${'a'.repeat(100)}`).kind).toBe('hashtag');
    expect(reason(`#${'a'.repeat(101)}`)).toMatch(/at most 100 characters/);
    expect(ok('k'.repeat(60)).kind).toBe('keyword');
    expect(reason('k'.repeat(61))).toMatch(/at most 60 characters/);
    // Characters, not UTF-16 units: 100 emoji-free astral letters still fit.
    expect(ok(`#${'𝐀'.repeat(100)}`).kind).toBe('hashtag');
  });

  it.each([
    ['', /must not be empty/],
    ['   ', /must not be empty/],
    ['#', /at least one character after #/],
    ['#no spaces', /only letters, digits and _/],
    ['#semi;colon', /only letters, digits and _/],
    ['#2026', /at least one letter/],
    ['$1ABC', /cashtag is \$ followed by a letter/],
    ['$TOOLONGSYMBOL', /cashtag/],
    ['tab\there', /control characters/],
    ['bell\u0007', /control characters/],
  ])('rejects %j with the reason', (input, expected) => {
    expect(reason(input)).toMatch(expected);
  });

  it('rejects what is not a string', () => {
    expect(reason(42)).toMatch(/must be a string/);
    expect(reason(undefined)).toMatch(/must be a string/);
  });

  it('never throws, and a valid term parses to itself again (stable keys)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.string().map((s) => `#${s}`),
          fc.string().map((s) => `$${s}`),
        ),
        (input) => {
          const r = parseTerm(input);
          if (!r.ok) return typeof r.reason === 'string' && r.reason.length > 0;
          const again = parseTerm(r.term.display);
          return again.ok && again.term.key === r.term.key && parseTerm(r.term.key).ok;
        },
      ),
    );
  });
});

describe('parseTerms', () => {
  it('dedupes by key and names the bad term', () => {
    expect(parseTerms(['#AWS', '#aws', 'AWS']).map((t) => t.key)).toEqual(['#aws', 'aws']);
    expect(() => parseTerms(['#ok', '#not ok'])).toThrow(/"#not ok": a hashtag may contain only/);
  });

  it('gives the same signature to the same set in any order', () => {
    expect(termsSignature(parseTerms(['#a', '$B']))).toBe(termsSignature(parseTerms(['$b', '#A'])));
    expect(termsSignature(parseTerms(['#a']))).not.toBe(termsSignature(parseTerms(['#b'])));
  });
});

import { normalizeCashtag, normalizeHashtag, parsePostFilter } from './tags';

describe('tags', () => {
  it('normalizes hashtags to the API key', () => {
    expect(normalizeHashtag('#AWS')).toBe('aws');
    expect(normalizeHashtag('  Serverless ')).toBe('serverless');
    expect(normalizeHashtag('＃Ａｗｓ')).toBe('aws');
    expect(normalizeHashtag('two words')).toBeNull();
    expect(normalizeHashtag('#')).toBeNull();
    expect(normalizeHashtag('x'.repeat(141))).toBeNull();
  });

  it('normalizes cashtags to ticker form', () => {
    expect(normalizeCashtag('$aapl')).toBe('$AAPL');
    expect(normalizeCashtag('$BRK.B')).toBe('$BRK.B');
    expect(normalizeCashtag('$1abc')).toBeNull();
  });

  it('reads the posts filter box', () => {
    expect(parsePostFilter('')).toEqual({ kind: 'none' });
    expect(parsePostFilter('#AWS')).toEqual({ kind: 'tag', tag: 'aws' });
    expect(parsePostFilter('aws')).toEqual({ kind: 'tag', tag: 'aws' });
    expect(parsePostFilter('$tsla')).toEqual({ kind: 'cashtag', cashtag: '$TSLA' });
    expect(parsePostFilter('$$$')).toEqual({ kind: 'invalid', text: '$$$' });
    expect(parsePostFilter('no spaces please')).toMatchObject({ kind: 'invalid' });
  });
});

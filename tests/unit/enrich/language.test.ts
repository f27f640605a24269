import fc from 'fast-check';
import {
  pickLanguage,
  sentimentLanguage,
  splitAtBytes,
  COMPREHEND_SENTIMENT_LANGUAGES,
} from '../../../functions/domain/language';

describe('splitAtBytes', () => {
  it('keeps short texts whole', () => {
    expect(splitAtBytes('hello', 10)).toEqual({ head: 'hello', tail: '' });
  });

  it('never splits a multi-byte character or a surrogate pair', () => {
    expect(splitAtBytes('ab😀', 5)).toEqual({ head: 'ab', tail: '😀' });
    expect(splitAtBytes('éé', 3)).toEqual({ head: 'é', tail: 'é' });
  });

  it('returns the longest head within the limit that rejoins to the text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 4, max: 300 }),
        (text, max) => {
          const { head, tail } = splitAtBytes(text, max);
          expect(head + tail).toBe(text);
          expect(Buffer.byteLength(head)).toBeLessThanOrEqual(max);
          const next = [...tail][0];
          if (next !== undefined) expect(Buffer.byteLength(head + next)).toBeGreaterThan(max);
        },
      ),
    );
  });
});

describe('pickLanguage', () => {
  it('takes a confident top language', () => {
    expect(
      pickLanguage([
        { LanguageCode: 'de', Score: 0.2 },
        { LanguageCode: 'en', Score: 0.97 },
      ]),
    ).toBe('en');
  });

  it('takes a clear leader among the builtin engine top three', () => {
    expect(
      pickLanguage([
        { LanguageCode: 'fr', Score: 0.43 },
        { LanguageCode: 'it', Score: 0.31 },
        { LanguageCode: 'de', Score: 0.26 },
      ]),
    ).toBe('fr');
  });

  it('leaves near ties, low scores and "und" undetermined', () => {
    expect(
      pickLanguage([
        { LanguageCode: 'pl', Score: 0.34 },
        { LanguageCode: 'ro', Score: 0.33 },
      ]),
    ).toBeUndefined();
    expect(pickLanguage([{ LanguageCode: 'en', Score: 0.2 }])).toBeUndefined();
    expect(pickLanguage([{ LanguageCode: 'und', Score: 1 }])).toBeUndefined();
    expect(pickLanguage(undefined)).toBeUndefined();
  });
});

describe('sentimentLanguage', () => {
  it('maps regional tags to what the engine supports', () => {
    const supported = COMPREHEND_SENTIMENT_LANGUAGES;
    expect(sentimentLanguage('en', supported)).toBe('en');
    expect(sentimentLanguage('pt-BR', supported)).toBe('pt');
    expect(sentimentLanguage('zh-tw', supported)).toBe('zh-TW');
    expect(sentimentLanguage('zh-Hant', supported)).toBe('zh-TW');
    expect(sentimentLanguage('zh', supported)).toBe('zh');
    expect(sentimentLanguage('nl', supported)).toBeUndefined();
    expect(sentimentLanguage('es', ['en'])).toBeUndefined();
    expect(sentimentLanguage(undefined, supported)).toBeUndefined();
  });
});

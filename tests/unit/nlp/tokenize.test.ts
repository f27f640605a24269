import {
  analyze,
  emoticonPolarity,
  hashtagWords,
  NEG_SUFFIX,
  normalizeWord,
  TOKEN,
} from '../../../functions/nlp/engine/tokenize';

const tokens = (text: string, opts?: Parameters<typeof analyze>[1]): string[] =>
  analyze(text, opts).tokens;

describe('tweet tokenizer', () => {
  it('normalizes URLs, mentions and numbers to shared pseudo-tokens', () => {
    expect(tokens('@Bob see https://t.co/AbC123 and www.example.com at 10')).toEqual([
      TOKEN.user,
      'see',
      TOKEN.url,
      'and',
      TOKEN.url,
      'at',
      TOKEN.number,
    ]);
  });

  it('lower-cases words, keeps contractions whole and counts words in capitals', () => {
    const a = analyze("I don't KNOW, y’all");
    expect(a.tokens).toEqual(['i', "don't", `know${NEG_SUFFIX}`, ',', "y'all"]);
    expect(a.allCaps).toBe(1);
  });

  describe('negation scope', () => {
    it('marks the words after a negation cue up to clause punctuation', () => {
      expect(tokens('not good. good')).toEqual(['not', `good${NEG_SUFFIX}`, '.', 'good']);
      expect(tokens("I don't like this movie! it rocks")).toEqual([
        'i',
        "don't",
        `like${NEG_SUFFIX}`,
        `this${NEG_SUFFIX}`,
        `movie${NEG_SUFFIX}`,
        '!',
        'it',
        'rocks',
      ]);
    });

    it('ends the scope at a contrast word', () => {
      expect(tokens('never boring but long')).toEqual([
        'never',
        `boring${NEG_SUFFIX}`,
        'but',
        'long',
      ]);
    });

    it('knows cues written without an apostrophe', () => {
      expect(tokens('dont like')).toEqual(['dont', `like${NEG_SUFFIX}`]);
    });
  });

  describe('elongation', () => {
    const known = new Set(['so', 'good', 'love']);
    const isKnownWord = (w: string): boolean => known.has(w);

    it('shortens runs of three or more letters to a known word', () => {
      expect(normalizeWord('soooo', isKnownWord)).toEqual({ word: 'so', elongated: true });
      expect(normalizeWord('GOOOOOD', isKnownWord)).toEqual({ word: 'good', elongated: true });
      expect(normalizeWord('loooove', isKnownWord)).toEqual({ word: 'love', elongated: true });
    });

    it('falls back to two letters for an unknown word and leaves plain words alone', () => {
      expect(normalizeWord('yaaaay', isKnownWord)).toEqual({ word: 'yaay', elongated: true });
      expect(normalizeWord('Good', isKnownWord)).toEqual({ word: 'good', elongated: false });
    });

    it('gives "soooo good" and "so good" the same tokens and flags the elongation', () => {
      const a = analyze('soooo good', { isKnownWord });
      expect(a.tokens).toEqual(tokens('so good', { isKnownWord }));
      expect(a.elongated).toBe(1);
    });
  });

  describe('hashtags', () => {
    it('reads a hashtag as its words, after a hashtag marker', () => {
      expect(tokens('#fail')).toEqual([TOKEN.hashtag, 'fail']);
      expect(hashtagWords('#MondayBlues')).toEqual(['monday', 'blues']);
      expect(hashtagWords('#TGIF')).toEqual(['tgif']);
    });

    it('applies negation inside a split hashtag', () => {
      expect(tokens('#NotHappy')).toEqual([TOKEN.hashtag, 'not', `happy${NEG_SUFFIX}`]);
    });
  });

  describe('emoticons', () => {
    it('gives emoticons a canonical token and a polarity pseudo-token', () => {
      expect(tokens('ok :-)))')).toEqual(['ok', ':)', TOKEN.emoPositive]);
      expect(tokens('ok :(')).toEqual(['ok', ':(', TOKEN.emoNegative]);
      expect(tokens('day:)')).toEqual(['day', ':)', TOKEN.emoPositive]);
      expect(tokens('<3 </3')).toEqual(['<3', TOKEN.emoPositive, '</3', TOKEN.emoNegative]);
    });

    it('reads mirrored and Eastern emoticons', () => {
      expect(emoticonPolarity('(:')).toBe(1);
      expect(emoticonPolarity('):')).toBe(-1);
      expect(emoticonPolarity('^_^')).toBe(1);
      expect(emoticonPolarity('T_T')).toBe(-1);
      expect(emoticonPolarity(":'(")).toBe(-1);
      expect(emoticonPolarity('xD')).toBe(1);
    });

    it('does not see emoticons in times, ratios or URLs', () => {
      expect(tokens('at 10:30')).toEqual(['at', TOKEN.number, ':', TOKEN.number]);
      expect(tokens('http://x.co/D')).toEqual([TOKEN.url]);
    });

    it('decodes HTML entities first, so "&lt;3" is a heart', () => {
      expect(tokens('tea &amp; cake &lt;3')).toEqual(['tea', 'cake', '<3', TOKEN.emoPositive]);
    });
  });

  describe('emoji', () => {
    const emojiPolarity = (e: string): number => ({ '😍': 3, '😡': -3 })[e] ?? 0;

    it('reads an emoji as its base character, with the polarity the lexicon gives it', () => {
      expect(tokens('😍🏽', { emojiPolarity })).toEqual(['😍', TOKEN.emoPositive]);
      expect(tokens('so 😡', { emojiPolarity })).toEqual(['so', '😡', TOKEN.emoNegative]);
      expect(tokens('🤷')).toEqual(['🤷']);
    });

    it('keeps ZWJ sequences as one token and flags as their pair', () => {
      expect(tokens('👨‍👩‍👧 🇩🇪')).toEqual(['👨', '🇩🇪']);
    });
  });
});

import {
  cashtagDisplay,
  cashtagKey,
  extractCashtags,
  extractHashtags,
  hashtagKey,
  replaceLoneSurrogates,
  toCashtags,
  toHashtags,
} from '../../../functions/domain/text';

describe('hashtagKey', () => {
  it.each([
    ['#AWS', 'aws'],
    ['AWS', 'aws'],
    ['＃ＡＷＳ', 'aws'], // full-width sign and letters fold with NFKC
    ['#Fútbol', 'fútbol'],
    ['FÚTBOL', 'fútbol'],
    ['#ﬁnance', 'finance'], // ligature
    ['##double', '#double'], // only one leading sign is a prefix
    ['#東京', '東京'],
  ])('%s -> %s', (tag, key) => {
    expect(hashtagKey(tag)).toBe(key);
  });

  it('lower-cases without the locale: Turkish dotted I folds the same everywhere', () => {
    expect(hashtagKey('İstanbul')).toBe('i̇stanbul');
    expect(hashtagKey('ISTANBUL')).toBe('istanbul');
  });

  it('gives composed and decomposed forms the same key', () => {
    expect(hashtagKey('cafe\u0301')).toBe(hashtagKey('café'));
  });
});

describe('cashtagKey and cashtagDisplay', () => {
  it.each([
    ['$AAPL', '$aapl'],
    ['AAPL', '$aapl'],
    ['$brk.b', '$brk.b'],
    ['＄TSLA', '$tsla'],
  ])('%s -> %s', (tag, key) => {
    expect(cashtagKey(tag)).toBe(key);
  });

  it('upper-cases valid tickers and refuses the rest', () => {
    expect(cashtagDisplay('aapl')).toBe('$AAPL');
    expect(cashtagDisplay('$BRK.B')).toBe('$BRK.B');
    expect(cashtagDisplay('$5')).toBeUndefined();
    expect(cashtagDisplay('TOOLONGTICKER1')).toBeUndefined();
    expect(cashtagDisplay('')).toBeUndefined();
  });
});

describe('extractHashtags', () => {
  it.each<[string, string[]]>([
    ['Loving #AWS and #serverless!', ['AWS', 'serverless']],
    [
      '#Fútbol #Ünïcödé #東京 #서울 #москва #القاهرة',
      ['Fútbol', 'Ünïcödé', '東京', '서울', 'москва', 'القاهرة'],
    ],
    ['full-width ＃東京 too', ['東京']],
    ['(#inParens), "#quoted" and #end.', ['inParens', 'quoted', 'end']],
    ['snake #big_data and #web3', ['big_data', 'web3']],
    ['numbers only #1 #2024 are not tags', []],
    ['keycap #️⃣ is an emoji', []],
    ['no#tag inside words, a&#39;b entity', []],
    // What a reader sees: tags joined without spaces, doubled '#', a tag right after an emoji.
    ['#one#two run together', ['one', 'two']],
    ['#Yemen#Iraq#Syria', ['Yemen', 'Iraq', 'Syria']],
    ['double ##tag and ＃＃東京', ['tag', '東京']],
    ['❤️#ScreamQueens is back', ['ScreamQueens']],
    ['text❤#heart 👍🏽#thumbs 🇫🇷#France', ['heart', 'thumbs', 'France']],
    ['keycap 1️⃣#one and ZWJ family 👨‍👩‍👧#family', ['one', 'family']],
    ['#1#tag: the digits are no tag, what follows is', ['tag']],
    ['#tag# trailing hash', ['tag']],
    ['still glued: café#x, C##, a##tag, &#x27;', []],
    ['#link://example.com is a link', []],
    ['https://example.com/page#section and www.example.org/#frag', []],
    ['see https://example.com/a?b=c #real', ['real']],
    ['devanagari #हिन्दी works', ['हिन्दी']],
  ])('%s', (text, tags) => {
    expect(extractHashtags(text)).toEqual(tags);
  });
});

describe('extractCashtags', () => {
  it.each<[string, string[]]>([
    ['Buying $AAPL and $tsla today', ['AAPL', 'tsla']],
    ['Berkshire $BRK.B rallies.', ['BRK.B']],
    ['Prices like $5 or $100.50 are not tickers', []],
    ['no US$AAPL inside words', []],
    ['https://example.com/?q=$AAPL is a link', []],
    ['end of sentence $NVDA.', ['NVDA']],
  ])('%s', (text, tags) => {
    expect(extractCashtags(text)).toEqual(tags);
  });
});

describe('toHashtags', () => {
  it('dedupes case-insensitively, keeping the first display form', () => {
    expect(toHashtags(['AWS', '#aws', 'Aws', 'ＡＷＳ', 'cloud'])).toEqual([
      { key: 'aws', display: 'AWS' },
      { key: 'cloud', display: 'cloud' },
    ]);
  });

  it('drops empty and over-long tags and caps the list at 100', () => {
    expect(toHashtags(['#', '', 'x'.repeat(141), 'ok'])).toEqual([{ key: 'ok', display: 'ok' }]);
    const many = Array.from({ length: 150 }, (_, i) => `tag${i}`);
    expect(toHashtags(many)).toHaveLength(100);
  });
});

describe('toCashtags', () => {
  it('upper-cases, dedupes and drops invalid symbols', () => {
    expect(toCashtags(['aapl', '$AAPL', 'TSLA', '5', 'brk.b'])).toEqual([
      '$AAPL',
      '$TSLA',
      '$BRK.B',
    ]);
  });
});

describe('replaceLoneSurrogates', () => {
  it('replaces unpaired surrogates and keeps pairs', () => {
    expect(replaceLoneSurrogates('ok 😀')).toBe('ok 😀');
    expect(replaceLoneSurrogates('cut \ud83d')).toBe('cut \ufffd');
    expect(replaceLoneSurrogates('\ude00 start')).toBe('\ufffd start');
    expect(replaceLoneSurrogates('\ud83d\ud83d\ude00')).toBe('\ufffd😀');
  });
});

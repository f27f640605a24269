import {
  cashtagDisplay,
  cashtagKey,
  extractCashtags,
  extractHashtags,
  hashtagKey,
  replaceLoneSurrogates,
  subredditOf,
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

  // One tag, one counter: what a reader cannot tell apart counts together.
  it.each<[string, string]>([
    ['zero-width space', 'aws\u200b'],
    ['zero-width joiner', 'aws\u200d'],
    ['zero-width non-joiner inside', 'a\u200cws'],
    ['soft hyphen', 'a\u00adws'],
    ['variation selector', 'aws\ufe0f'],
    ['right-to-left override', '\u202eaws'],
    ['left-to-right mark and isolate', '\u200eaws\u2069'],
    ['word joiner and BOM', '\u2060a\ufeffws'],
    ['Cyrillic а among Latin letters', '\u0430ws'],
    ['Greek Α among Latin letters', '\u0391WS'],
    ['Cyrillic ѕ and а among Latin letters', '\u0430w\u0455'],
    ['mathematical bold', '\u{1d41a}\u{1d430}\u{1d42c}'],
  ])('%s counts as #aws', (_name, tag) => {
    expect(hashtagKey(tag)).toBe('aws');
  });

  it('keeps single-script tags and Latin letters as written (no look-alike folding there)', () => {
    expect(hashtagKey('москва')).toBe('москва');
    expect(hashtagKey('Αθήνα')).toBe('αθήνα');
    expect(hashtagKey('орр')).toBe('орр'); // all Cyrillic: Russian readers' word, not "opp"
    expect(hashtagKey('rnodel')).toBe('rnodel'); // the table reads "m" as "rn": not for Latin
    expect(hashtagKey('web3')).toBe('web3');
    expect(hashtagKey('東京tokyo')).toBe('東京tokyo');
  });

  it('keys a subreddit apart from hashtags, with no slash (a path segment of the API)', () => {
    for (const tag of ['r/aws', 'r/AWS', '/r/aws', '#r/aws', 'r:aws', 'r:AWS']) {
      expect(hashtagKey(tag)).toBe('r:aws');
    }
    expect(toHashtags(['r/AskReddit'])).toEqual([{ key: 'r:askreddit', display: 'r/AskReddit' }]);
    expect(subredditOf('r/AskReddit')).toBe('AskReddit');
    expect(subredditOf('aws')).toBeUndefined();
    // Not a subreddit name (1 or 22+ characters, other characters): an ordinary key.
    expect(hashtagKey('r/a')).toBe('r/a');
    expect(hashtagKey('r/aws-x')).toBe('r/aws-x');
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
    // A retweet's text cut by X: the last tag is a fragment; an ellipsis mid-text is style.
    ['RT @fifa: What a goal #FIFA #WorldCu… https://t.co/AbC', ['FIFA']],
    ['RT @fifa: What a goal #WorldCu…', []],
    ['#Monday… again #coffee', ['Monday', 'coffee']],
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
  it('dedupes invisible and look-alike variants, keeping what the author wrote', () => {
    expect(toHashtags(['aws', 'aws\u200b', '\u0430ws', 'a\u00adws'])).toEqual([
      { key: 'aws', display: 'aws' },
    ]);
    expect(toHashtags(['\u0430ws'])).toEqual([{ key: 'aws', display: '\u0430ws' }]);
    expect(toHashtags(['\u200b\u200d'])).toEqual([]);
  });

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

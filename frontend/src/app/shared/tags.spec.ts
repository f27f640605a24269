import {
  isSubredditKey,
  normalizeCashtag,
  normalizeHashtag,
  parsePostFilter,
  tagLabel,
} from './tags';

describe('tags', () => {
  it('normalizes hashtags to the API key', () => {
    expect(normalizeHashtag('#AWS')).toBe('aws');
    expect(normalizeHashtag('  Serverless ')).toBe('serverless');
    expect(normalizeHashtag('＃Ａｗｓ')).toBe('aws');
    expect(normalizeHashtag('two words')).toBeNull();
    expect(normalizeHashtag('#')).toBeNull();
    expect(normalizeHashtag('x'.repeat(141))).toBeNull();
  });

  it('keys a subreddit as the API does (r:aws) and labels it r/aws', () => {
    for (const text of ['r/aws', 'r/AWS', '/r/aws', '#r/aws', 'r:aws']) {
      expect(normalizeHashtag(text)).toBe('r:aws');
    }
    expect(parsePostFilter('r/Serverless')).toEqual({ kind: 'tag', tag: 'r:serverless' });
    expect(isSubredditKey('r:aws')).toBe(true);
    expect(isSubredditKey('aws')).toBe(false);
    expect(tagLabel('r:aws')).toBe('r/aws');
    expect(tagLabel('aws')).toBe('#aws');
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

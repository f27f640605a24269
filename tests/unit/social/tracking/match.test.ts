import type { Post } from '../../../../functions/domain/post';
import { createTermMatcher } from '../../../../functions/social/tracking/match';
import { parseTerms } from '../../../../functions/social/tracking/terms';

const post = (text: string, hashtags: string[] = [], cashtags: string[] = []): Post => ({
  id: 'bsky:at://did:plc:x/app.bsky.feed.post/1',
  source: 'bsky',
  text,
  createdAt: '2026-03-01T12:00:00.000Z',
  author: { id: 'did:plc:x' },
  hashtags: hashtags.map((h) => ({ key: h.toLowerCase(), display: h })),
  cashtags,
  isRetweet: false,
  isReply: false,
});

describe('createTermMatcher', () => {
  const match = createTermMatcher(
    parseTerms(['#AWS', '$AAPL', 'machine learning', 'rust', '東京', 'c++']),
  );

  it('matches hashtags and cashtags by the post entities', () => {
    expect(match(post('launch day', ['Aws']))).toEqual(['#aws']);
    expect(match(post('buying', [], ['$AAPL']))).toEqual(['$AAPL']);
    // A word in the text is not a hashtag.
    expect(match(post('aws is down'))).toEqual([]);
  });

  it('matches keywords as whole words, case-insensitively, across spacing', () => {
    expect(match(post('Machine\n  LEARNING is fun'))).toEqual(['machine learning']);
    expect(match(post('I love Rust!'))).toEqual(['rust']);
    expect(match(post('rusty nails, trust me'))).toEqual([]);
    expect(match(post('c++ templates'))).toEqual(['c++']);
  });

  it('matches keywords inside unspaced scripts as substrings', () => {
    expect(match(post('今日は東京で会議'))).toEqual(['東京']);
  });

  it('reports every term that matched', () => {
    expect(match(post('rust and machine learning', ['AWS'], ['$AAPL'])).sort()).toEqual(
      ['#aws', '$AAPL', 'machine learning', 'rust'].sort(),
    );
  });

  it('escapes regular expression characters in keywords', () => {
    const m = createTermMatcher(parseTerms(['a.b']));
    expect(m(post('a.b'))).toEqual(['a.b']);
    expect(m(post('axb'))).toEqual([]);
  });
});

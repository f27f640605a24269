import { feedItemsOf } from '../../../functions/domain/feed';
import { BUCKET_TTL_SECONDS } from '../../../functions/domain/keys';
import type { EnrichedPost } from '../../../functions/domain/workflow';

const NOW = 1_795_000_000;
const post: EnrichedPost = {
  id: 'x:1',
  source: 'x',
  text: 'Buying $AAPL and $amzn #AWS #aws #Cloud',
  createdAt: '2026-11-22T15:07:12+01:00',
  lang: 'en',
  author: { id: '1', handle: 'h' },
  hashtags: [
    { key: 'aws', display: 'AWS' },
    { key: 'cloud', display: 'Cloud' },
  ],
  cashtags: ['$AAPL', '$AMZN'],
  place: {
    id: 'p',
    name: 'Berlin',
    fullName: 'Berlin, Germany',
    countryCode: 'DE',
    lat: 1,
    lon: 2,
  },
  enrichStatus: 'OK',
  sentiment: 'POSITIVE',
  sentimentScore: { Positive: 0.9, Negative: 0, Neutral: 0.1, Mixed: 0 },
};

describe('feedItemsOf', () => {
  it('writes the post to _all, each hashtag and each cashtag feed, sorted by UTC time', () => {
    const items = feedItemsOf(post, NOW);
    expect(items.map((i) => i.pk)).toEqual([
      'FEED#_all',
      'FEED#aws',
      'FEED#cloud',
      'FEED#$aapl',
      'FEED#$amzn',
    ]);
    expect(new Set(items.map((i) => i.sk))).toEqual(new Set(['2026-11-22T14:07:12.000Z#x:1']));
    expect(items[0]).toMatchObject({
      id: 'x:1',
      createdAt: '2026-11-22T14:07:12.000Z',
      hashtags: ['AWS', 'Cloud'],
      placeName: 'Berlin, Germany',
      countryCode: 'DE',
      sentiment: 'POSITIVE',
      expiresAt: NOW + BUCKET_TTL_SECONDS.FEED,
    });
  });

  it('leaves sentiment out when the post has none', () => {
    const [item] = feedItemsOf(
      { ...post, enrichStatus: 'FAILED', sentiment: undefined, sentimentScore: undefined },
      NOW,
    );
    expect(item?.sentiment).toBeUndefined();
  });
});

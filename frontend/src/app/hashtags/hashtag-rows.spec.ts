import { hashtag } from '../../testing/fixtures';
import { sortHashtags, toHashtagRows } from './hashtag-rows';

describe('hashtag rows', () => {
  const items = [
    hashtag('mostly-negative', { mentions: 20, positive: 2, negative: 16, neutral: 2 }),
    hashtag('big', { mentions: 50, positive: 20, negative: 10, neutral: 20 }),
    hashtag('happy', { mentions: 8, positive: 7, negative: 0, neutral: 1 }),
    hashtag('unscored', { mentions: 5, positive: 0, negative: 0, neutral: 0 }),
  ];
  const order = (sorted: { tag: string }[]) => sorted.map((i) => i.tag);

  it('labels a subreddit r/aws and a hashtag #Tag', () => {
    const rows = toHashtagRows(
      [
        hashtag('r:aws', { display: 'r/aws', mentions: 9 }),
        hashtag('big', { display: 'Big', mentions: 5 }),
      ],
      'mentions',
      false,
    );
    expect(rows.map((r) => [r.label, r.subreddit])).toEqual([
      ['r/aws', true],
      ['#Big', false],
    ]);
  });

  it('sorts by mentions', () => {
    expect(order(sortHashtags(items, 'mentions'))).toEqual([
      'big',
      'mostly-negative',
      'happy',
      'unscored',
    ]);
  });

  it('sorts by positive share of the scored posts', () => {
    expect(order(sortHashtags(items, 'positive'))).toEqual([
      'happy',
      'big',
      'mostly-negative',
      'unscored',
    ]);
  });

  it('sorts by negative share, ties by mentions', () => {
    expect(order(sortHashtags(items, 'negative'))).toEqual([
      'mostly-negative',
      'big',
      'happy',
      'unscored',
    ]);
  });

  it('does not mutate the input', () => {
    const copy = [...items];
    sortHashtags(items, 'positive');
    expect(items).toEqual(copy);
  });

  it('builds ranks, bar labels and changes', () => {
    const [first, , , last] = toHashtagRows(items, 'mentions', true);
    expect(first).toMatchObject({
      rank: 1,
      tag: 'big',
      mentionsLabel: '50',
      change: { kind: 'up', label: '+45' },
    });
    expect(first?.barLabel).toBe('40% positive, 40% neutral, 20% negative');
    expect(last).toMatchObject({ rank: 4, scored: 0, barLabel: 'No sentiment yet' });
  });

  it('leaves the change out for the all-time window', () => {
    expect(toHashtagRows(items, 'mentions', false)[0]?.change).toBeNull();
  });
});

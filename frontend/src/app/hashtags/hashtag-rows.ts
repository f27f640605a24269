import type { HashtagSort } from '../core/api.service';
import type { HashtagItem } from '../core/api.types';
import { changeSince, formatCount, formatShare, type Change } from '../shared/format';
import { scoredCount, sentimentShares, type SentimentShares } from '../shared/sentiment';
import { isSubredditKey, tagLabel } from '../shared/tags';

export interface HashtagRow {
  rank: number;
  tag: string;
  display: string;
  /** `#AWS`, or `r/aws` for a subreddit (Reddit posts count theirs like a hashtag). */
  label: string;
  subreddit: boolean;
  mentions: number;
  mentionsLabel: string;
  shares: SentimentShares;
  scored: number;
  /** Spoken and tooltip form of the stacked bar. */
  barLabel: string;
  /** Null for the all-time window, which has no previous window to compare with. */
  change: Change | null;
}

/**
 * Orders the API's items (the top N by mentions) for the table. Share sorts use the share of
 * scored posts, computed here; ties fall back to mentions, then to the tag, so rows never jump
 * between two refreshes with equal numbers.
 */
export function sortHashtags(items: readonly HashtagItem[], sort: HashtagSort): HashtagItem[] {
  const byMentions = (a: HashtagItem, b: HashtagItem) =>
    b.mentions - a.mentions || a.tag.localeCompare(b.tag);
  if (sort === 'mentions') return [...items].sort(byMentions);
  const share = (item: HashtagItem) => sentimentShares(item)[sort];
  return [...items].sort((a, b) => share(b) - share(a) || byMentions(a, b));
}

export function toHashtagRows(
  items: readonly HashtagItem[],
  sort: HashtagSort,
  withChange: boolean,
): HashtagRow[] {
  return sortHashtags(items, sort).map((item, index) => {
    const shares = sentimentShares(item);
    const scored = scoredCount(item);
    return {
      rank: index + 1,
      tag: item.tag,
      display: item.display || item.tag,
      label: isSubredditKey(item.tag) ? tagLabel(item.tag) : `#${item.display || item.tag}`,
      subreddit: isSubredditKey(item.tag),
      mentions: item.mentions,
      mentionsLabel: formatCount(item.mentions),
      shares,
      scored,
      barLabel:
        scored === 0
          ? 'No sentiment yet'
          : `${formatShare(shares.positive)} positive, ${formatShare(shares.neutral)} neutral, ` +
            `${formatShare(shares.negative)} negative` +
            (item.mixed > 0 ? `, ${formatShare(shares.mixed)} mixed` : ''),
      change: withChange ? changeSince(item.mentions, item.previousMentions) : null,
    };
  });
}

import type { HistoryQueryName } from '../core/api.types';

/** What the History view shows for each named query: its title, and whether it needs a tag. */
export interface HistoryQueryInfo {
  name: HistoryQueryName;
  title: string;
  /** The query is about one hashtag (the view's tag field). */
  needsTag: boolean;
}

export const HISTORY_QUERY_INFO: readonly HistoryQueryInfo[] = [
  { name: 'top-hashtags-per-day', title: 'Top hashtags per day', needsTag: false },
  { name: 'co-occurring-hashtags', title: 'Hashtags used together with the tag', needsTag: true },
  {
    name: 'sentiment-by-country-per-week',
    title: 'Sentiment about the tag by country',
    needsTag: true,
  },
  {
    name: 'posts-per-language-source-per-hour',
    title: 'Posts per language per hour',
    needsTag: false,
  },
];

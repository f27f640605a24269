import { parseNamedQuery, type NamedQuery } from '../domain/named-queries';
import postsView from './posts-view.sql';
import coOccurringHashtags from './queries/co-occurring-hashtags.sql';
import postsPerLanguageSourcePerHour from './queries/posts-per-language-source-per-hour.sql';
import sentimentByCountryPerWeek from './queries/sentiment-by-country-per-week.sql';
import topHashtagsPerDay from './queries/top-hashtags-per-day.sql';

/**
 * The named queries and the posts view, bundled into the History function as text. The same
 * files are the Athena named queries of template.yaml and what `npm run query -- --name` runs;
 * tests/unit/history/catalog.test.ts checks that this list names every file of queries/.
 */
export const NAMED_QUERIES: ReadonlyMap<string, NamedQuery> = new Map(
  (
    [
      ['top-hashtags-per-day', topHashtagsPerDay],
      ['sentiment-by-country-per-week', sentimentByCountryPerWeek],
      ['posts-per-language-source-per-hour', postsPerLanguageSourcePerHour],
      ['co-occurring-hashtags', coOccurringHashtags],
    ] as const
  ).map(([name, sql]) => [name, parseNamedQuery(name, sql)]),
);

export const POSTS_VIEW_SQL: string = postsView;

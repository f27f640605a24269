import { requireEnv } from '../shared/env';

/** Read per call so tests and the local stack can set them after the module loads. */
export const tables = (): { posts: string; stats: string } => ({
  posts: requireEnv('POSTS_TABLE'),
  stats: requireEnv('STATS_TABLE'),
});

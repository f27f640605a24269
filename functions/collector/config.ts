import { z } from 'zod';
import { parseSubredditList } from '../../sources/reddit/feeds';
import { COLLECTOR_SOURCES, type CollectConfig, type CollectorSource } from './collect';

/**
 * The run's settings: the template's environment, optionally narrowed by a manual invocation
 * (`{"sources": ["bluesky"], "windowSeconds": 20}`). A scheduled EventBridge event carries none
 * of these fields, so it runs with the defaults.
 */
const overridesSchema = z.object({
  sources: z.array(z.enum(COLLECTOR_SOURCES)).min(1).optional(),
  windowSeconds: z.number().int().min(1).max(840).optional(),
});

export function sourcesFromEnv(value: string | undefined): CollectorSource[] {
  const names = (value ?? 'bluesky')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.filter((n) => !(COLLECTOR_SOURCES as readonly string[]).includes(n));
  if (unknown.length > 0) {
    throw new Error(
      `COLLECTOR_SOURCES: unknown source(s) ${unknown.join(', ')}; use bluesky, x or reddit`,
    );
  }
  return names as CollectorSource[];
}

function subredditsFromEnv(value: string | undefined): string[] {
  try {
    return parseSubredditList(value);
  } catch (err) {
    throw new Error(`REDDIT_SUBREDDITS: ${(err as Error).message}`);
  }
}

export function collectConfig(event: unknown, env: NodeJS.ProcessEnv = process.env): CollectConfig {
  const overrides = overridesSchema.parse(typeof event === 'object' && event !== null ? event : {});
  const fromEnv = Number(env.COLLECTOR_WINDOW_SECONDS || 60);
  if (!Number.isFinite(fromEnv) || fromEnv <= 0) {
    throw new Error(`COLLECTOR_WINDOW_SECONDS must be a positive number of seconds`);
  }
  const windowSeconds = overrides.windowSeconds ?? fromEnv;
  const subreddits = subredditsFromEnv(env.REDDIT_SUBREDDITS);
  return {
    sources: overrides.sources ?? sourcesFromEnv(env.COLLECTOR_SOURCES),
    windowMs: windowSeconds * 1000,
    ...(env.JETSTREAM_URL ? { jetstreamUrl: env.JETSTREAM_URL } : {}),
    // Empty: no handle lookups (posts show their authors' DIDs).
    ...(env.BSKY_APPVIEW_URL ? { appViewUrl: env.BSKY_APPVIEW_URL } : {}),
    ...(env.X_API_URL ? { xApiUrl: env.X_API_URL } : {}),
    ...(subreddits.length ? { subreddits } : {}),
    // Only set to point the collector at a fake Reddit (tests); Reddit's own by default.
    ...(env.REDDIT_API_URL ? { redditApiUrl: env.REDDIT_API_URL } : {}),
    ...(env.REDDIT_AUTH_URL ? { redditAuthUrl: env.REDDIT_AUTH_URL } : {}),
  };
}

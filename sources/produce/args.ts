import { parseArgs } from 'node:util';
import { PUBLIC_APPVIEW_URL } from '../bluesky/profiles';
import { parseSubreddit } from '../reddit/feeds';
import { parseTerms, type TrackedTerm } from '../tracking/terms';

export const SOURCE_NAMES = ['demo', 'replay', 'x', 'bluesky', 'reddit', 'archive'] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

export interface ProduceOptions {
  source: SourceName;
  /** From --track; when absent, x, bluesky and reddit follow the stack's GET /tracks. */
  terms?: TrackedTerm[];
  rate?: number;
  file?: string;
  speed?: number;
  loop: boolean;
  verbatim: boolean;
  target: 'local' | 'aws';
  stackName?: string;
  region?: string;
  jetstreamUrl?: string;
  /** Where Bluesky handles are looked up; 'none' shows DIDs. */
  appViewUrl?: string;
  xApiUrl?: string;
  /** --source reddit: subreddits to collect whole (new submissions and comments). */
  subreddits?: string[];
  /** Reddit's API and token endpoints (a fake server in tests); the env may set them too. */
  redditApiUrl?: string;
  redditAuthUrl?: string;
  cursorFile?: string;
  seed?: number;
  /** --source archive: the first and last day (UTC, inclusive) to send again. */
  from?: string;
  to?: string;
  /** --source archive: read the corpus under this data folder instead of the running stack's. */
  dataDir?: string;
  help: boolean;
}

export const USAGE = `Usage: npm run produce -- --source demo|replay|x|bluesky|reddit|archive [options]

Sources
  demo                  generated posts                       [--rate N (default 50/s)] [--seed N]
  replay                a recorded file: JSON lines (X v1.1, X v2 payloads or twarc2 pages, Bluesky
                        Jetstream events or post views, Reddit things or listing pages, Post
                        JSON; detected per line), a JSON array of those, an X archive's
                        tweets.js, or CSV/TSV with a header naming an id and a text column
                        --file F [--speed N | --rate N] [--loop] [--verbatim]
  x                     X API v2 filtered stream; needs X_BEARER_TOKEN in the environment
                        [--track TERM ...] [--x-api-url URL]
  bluesky               Bluesky Jetstream                      [--track TERM ...]
                        [--jetstream-url URL] [--cursor-file F (default .data/bluesky-cursor.json)]
                        [--appview-url URL (default ${PUBLIC_APPVIEW_URL}; none: show DIDs)]
  reddit                Reddit's API (app-only OAuth); needs REDDIT_CLIENT_ID and
                        REDDIT_CLIENT_SECRET (and REDDIT_USER_AGENT) in the environment
                        [--subreddit NAME ...] [--track TERM ...]
                        [--cursor-file F (default .data/reddit-cursor.json)]
                        [--reddit-api-url URL] [--reddit-auth-url URL]
  archive               archived posts again, with their ids (backfill and reprocessing)
                        --from YYYY-MM-DD --to YYYY-MM-DD [--rate N] [--data-dir D]; from the
                        running stack's corpus (or D/archive), or with --target aws from the
                        stack's archive bucket. Posts the stack still holds are not counted twice.

Options
  --track TERM          '#tag', '$CASHTAG' or a keyword; repeatable. Without it, x, bluesky and
                        reddit follow the terms tracked through the API (GET /tracks, polled
                        every 30 s); reddit searches for them
  --subreddit NAME      reddit: a subreddit to collect whole (aws or r/aws); repeatable
  --rate N              posts per second (demo, replay, archive)
  --speed N             replay at N times the recorded pace (1 = as recorded); without --speed
                        or --rate a replay goes as fast as the stream takes it
  --loop                replay the file again and again until Ctrl-C
  --verbatim            replay ids and dates as recorded (by default each post gets a fresh id
                        and the time it is sent, so it shows in the live dashboard)
  --target local|aws    local (default): the running \`npm start\` stack; aws: a deployed stack
  --stack-name S        with --target aws; default from samconfig.toml
  --region R            with --target aws; default from samconfig.toml or AWS_REGION
  -h, --help

Ctrl-C sends what is buffered and exits.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

function positive(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new UsageError(`--${name} must be a positive number, got "${value}"`);
  }
  return n;
}

const ONLY_FOR: [flag: string, sources: readonly SourceName[]][] = [
  ['file', ['replay']],
  ['speed', ['replay']],
  ['loop', ['replay']],
  ['verbatim', ['replay']],
  ['rate', ['demo', 'replay', 'archive']],
  ['from', ['archive']],
  ['to', ['archive']],
  ['data-dir', ['archive']],
  ['seed', ['demo']],
  ['track', ['x', 'bluesky', 'reddit']],
  ['x-api-url', ['x']],
  ['jetstream-url', ['bluesky']],
  ['appview-url', ['bluesky']],
  ['cursor-file', ['bluesky', 'reddit']],
  ['subreddit', ['reddit']],
  ['reddit-api-url', ['reddit']],
  ['reddit-auth-url', ['reddit']],
];

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (s: string): boolean =>
  DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** --from and --to of --source archive: two real days, in order. */
function archiveRange(from: string | undefined, to: string | undefined): void {
  if (from === undefined || to === undefined) {
    throw new UsageError('--source archive needs --from YYYY-MM-DD and --to YYYY-MM-DD');
  }
  for (const [flag, value] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (!isDay(value)) throw new UsageError(`--${flag} must be a date YYYY-MM-DD, got "${value}"`);
  }
  if (from > to) throw new UsageError('--from must be on or before --to');
}

/** Parses and checks the producer's arguments; throws UsageError with a message for the user. */
export function parseProduceArgs(argv: readonly string[]): ProduceOptions {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        source: { type: 'string' },
        track: { type: 'string', multiple: true },
        rate: { type: 'string' },
        file: { type: 'string' },
        speed: { type: 'string' },
        loop: { type: 'boolean' },
        verbatim: { type: 'boolean' },
        target: { type: 'string' },
        'stack-name': { type: 'string' },
        region: { type: 'string' },
        'jetstream-url': { type: 'string' },
        'appview-url': { type: 'string' },
        'x-api-url': { type: 'string' },
        subreddit: { type: 'string', multiple: true },
        'reddit-api-url': { type: 'string' },
        'reddit-auth-url': { type: 'string' },
        'cursor-file': { type: 'string' },
        seed: { type: 'string' },
        from: { type: 'string' },
        to: { type: 'string' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const help = values.help === true;
  const source = str('source');
  if (help && source === undefined)
    return { source: 'demo', loop: false, verbatim: false, target: 'local', help };
  if (source === undefined) throw new UsageError('--source is required');
  if (!(SOURCE_NAMES as readonly string[]).includes(source)) {
    throw new UsageError(`--source must be one of ${SOURCE_NAMES.join(', ')}, got "${source}"`);
  }
  const name = source as SourceName;
  for (const [flag, sources] of ONLY_FOR) {
    if (values[flag] !== undefined && !sources.includes(name)) {
      throw new UsageError(`--${flag} is for --source ${sources.join('|')}, not ${name}`);
    }
  }
  const target = str('target') ?? 'local';
  if (target !== 'local' && target !== 'aws') {
    throw new UsageError(`--target must be local or aws, got "${target}"`);
  }
  if (target === 'local' && (str('stack-name') !== undefined || str('region') !== undefined)) {
    throw new UsageError('--stack-name and --region are for --target aws');
  }
  if (name === 'replay' && str('file') === undefined) {
    throw new UsageError('--source replay needs --file <a JSON-lines file>');
  }
  if (name === 'archive') archiveRange(str('from'), str('to'));
  if (target === 'aws' && str('data-dir') !== undefined) {
    throw new UsageError(
      '--data-dir is for --target local (with --target aws the archive bucket is read)',
    );
  }
  if (str('speed') !== undefined && str('rate') !== undefined) {
    throw new UsageError('--speed and --rate cannot be combined: pick the recorded pace or a rate');
  }
  let terms: TrackedTerm[] | undefined;
  const track = values.track as string[] | undefined;
  if (track !== undefined) {
    try {
      terms = parseTerms(track);
    } catch (err) {
      throw new UsageError(`--track ${(err as Error).message}`);
    }
  }
  let subreddits: string[] | undefined;
  const subredditFlags = values.subreddit as string[] | undefined;
  if (subredditFlags !== undefined) {
    subreddits = [];
    for (const flag of subredditFlags) {
      const name = parseSubreddit(flag);
      if (name === undefined) {
        throw new UsageError(
          `--subreddit "${flag}" is not a subreddit name (2-21 letters, digits or _, e.g. aws)`,
        );
      }
      if (!subreddits.some((s) => s.toLowerCase() === name.toLowerCase())) subreddits.push(name);
    }
  }
  const seed = str('seed');
  if (seed !== undefined && !/^\d{1,9}$/.test(seed)) {
    throw new UsageError(`--seed must be a whole number, got "${seed}"`);
  }
  return {
    source: name,
    ...(terms ? { terms } : {}),
    rate: positive('rate', str('rate')),
    file: str('file'),
    speed: positive('speed', str('speed')),
    loop: values.loop === true,
    verbatim: values.verbatim === true,
    target,
    stackName: str('stack-name'),
    region: str('region'),
    jetstreamUrl: str('jetstream-url'),
    appViewUrl: str('appview-url'),
    xApiUrl: str('x-api-url'),
    ...(subreddits ? { subreddits } : {}),
    redditApiUrl: str('reddit-api-url'),
    redditAuthUrl: str('reddit-auth-url'),
    cursorFile: str('cursor-file'),
    seed: seed === undefined ? undefined : Number(seed),
    from: str('from'),
    to: str('to'),
    dataDir: str('data-dir'),
    help,
  };
}

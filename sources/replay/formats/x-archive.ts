import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The `tweets.js` of an X account archive (`data/tweets.js`, `tweet.js` in older archives):
 * `window.YTD.tweets.part0 = [ { "tweet": {...} }, ... ]`, each entry a v1.1 status without its
 * user (they are all the account's own), with numbers written as strings. Turned into v1.1
 * statuses, with the author from the archive's `account.js` when it sits beside the file.
 */

type Obj = Record<string, unknown>;

const PREFIX_RE = /^\s*window\.YTD\.(\w+)\.part\d+\s*=\s*/;

export const isXArchive = (head: string): boolean => PREFIX_RE.test(head);

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseYtd(text: string): unknown[] {
  const parsed: unknown = JSON.parse(text.replace(PREFIX_RE, ''));
  if (!Array.isArray(parsed)) throw new Error('the window.YTD value is not a list');
  return parsed;
}

interface Account {
  id_str: string;
  screen_name?: string;
  name?: string;
}

function readAccount(file: string): Account | undefined {
  const path = join(dirname(file), 'account.js');
  if (!existsSync(path)) return undefined;
  try {
    const entry = parseYtd(readFileSync(path, 'utf8'))[0];
    const account = isObject(entry) && isObject(entry.account) ? entry.account : undefined;
    if (!account || typeof account.accountId !== 'string') return undefined;
    return {
      id_str: account.accountId,
      ...(typeof account.username === 'string' ? { screen_name: account.username } : {}),
      ...(typeof account.accountDisplayName === 'string'
        ? { name: account.accountDisplayName }
        : {}),
    };
  } catch {
    return undefined;
  }
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** An archive point ("coordinates": ["2.35", "48.85"]) with numbers, or undefined. */
function point(v: unknown): Obj | undefined {
  if (!isObject(v) || !Array.isArray(v.coordinates)) return undefined;
  const [lon, lat] = v.coordinates.map(Number);
  return Number.isFinite(lon) && Number.isFinite(lat)
    ? { type: 'Point', coordinates: [lon, lat] }
    : undefined;
}

function toStatus(tweet: Obj, account: Account | undefined): Obj {
  const entities = isObject(tweet.entities) ? tweet.entities : {};
  const names = (v: unknown): Obj[] =>
    Array.isArray(v) ? v.filter(isObject).map((e) => ({ text: e.text })) : [];
  const coordinates = point(tweet.coordinates);
  return {
    id_str: str(tweet.id_str) ?? str(tweet.id),
    created_at: tweet.created_at,
    full_text: tweet.full_text ?? tweet.text,
    lang: tweet.lang,
    entities: { hashtags: names(entities.hashtags), symbols: names(entities.symbols) },
    in_reply_to_status_id_str: str(tweet.in_reply_to_status_id_str) ?? null,
    ...(coordinates ? { coordinates } : {}),
    ...(account ? { user: account } : {}),
  };
}

/**
 * Line numbers where each entry begins (archives are pretty-printed, one key per line); an
 * entry whose start cannot be found is numbered by its position instead.
 */
function entryLines(text: string): number[] {
  const lines: number[] = [];
  const re = /\{\s*"tweet"\s*:/g;
  let line = 1;
  let from = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    for (let i = from; i < m.index; i++) if (text.charCodeAt(i) === 10) line++;
    from = m.index;
    lines.push(line);
  }
  return lines;
}

export interface ArchiveEntry {
  line: number;
  record?: Obj;
  skip?: string;
}

/** The statuses of an archive file, each with the line its entry starts on. */
export function readXArchive(file: string, text: string): ArchiveEntry[] {
  const entries = parseYtd(text);
  const lines = entryLines(text);
  const account = readAccount(file);
  return entries.map((entry, i) => {
    const line = lines.length === entries.length ? (lines[i] ?? i + 1) : i + 1;
    const tweet = isObject(entry) ? entry.tweet : undefined;
    return isObject(tweet)
      ? { line, record: toStatus(tweet, account) }
      : { line, skip: 'archive entry holds no "tweet" object' };
  });
}

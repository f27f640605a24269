import { basename, extname } from 'node:path';
import {
  openRecording,
  readRecordingText,
  recordingHead,
  recordingLines,
  recordingName,
} from './file-input';
import { isXArchive, readXArchive } from './formats/x-archive';
import {
  isRedditDumpThing,
  isRedditListing,
  splitRedditListing,
  wrapRedditDumpThing,
} from './formats/reddit';
import { isSnscrapeTweet, snscrapeToXV1 } from './formats/snscrape';
import { isBlueskyFeedItem, isBlueskyPage, splitBlueskyPage } from './formats/bluesky-pages';
import { isFlatXV2Tweet, isXV2Page, splitXV2Page, unflattenXV2Tweet } from './formats/x-pages';
import {
  headerlessColumns,
  readTable,
  tableColumns,
  tableDelimiter,
  tableRowRecord,
  type TableColumns,
} from './formats/table';

/**
 * A recorded file as the records ingest reads, whatever form people keep their data in:
 *
 * - JSON lines, each line's format detected on its own: X API v1.1 statuses, X API v2 payloads
 *   (the filtered stream's, or only the default `id` and `text`), X API v2 pages of results as
 *   twarc2 and the API write them (split into one payload per post, author and place joined
 *   from `includes`), flattened twarc2 tweets, Bluesky Jetstream events, Bluesky post views
 *   (`{uri, cid, author, record}`) and the AppView's answers holding them (searchPosts pages,
 *   feed pages and feed items; one record per post), snscrape's tweets, Reddit things
 *   (`{kind: 't3', data}`), Reddit listing pages (split into their things, replies included)
 *   and dumps' bare submissions and comments (Pushshift, Arctic Shift), and Post JSON;
 * - a JSON array of any of those, or one of them written over many lines (pretty-printed);
 * - the `tweets.js` of an X account archive;
 * - CSV or TSV with a header naming an id and a text column, or without a header when the first
 *   row reads as a tweet (see formats/table.ts);
 * - a `.txt` file of plain text, one post per line.
 */

type Obj = Record<string, unknown>;

export interface RecordingEntry {
  /** Where the record starts in the file (1-based line). */
  line: number;
  record?: Obj;
  /** The line exactly as written, when it is the record (sent as is with --verbatim). */
  text?: string;
  /** Why the line holds no record. */
  skip?: string;
}

export type RecordingKind =
  'json-lines' | 'json-array' | 'json-document' | 'x-archive' | 'table' | 'text-lines';

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

const HEAD_BYTES = 64 * 1024;

/** What kind of file this is, from its first bytes (and a `.txt` name: plain text). */
export function recordingKind(start: string, file = ''): RecordingKind {
  const first = start.trimStart();
  if (isXArchive(first)) return 'x-archive';
  if (/\.txt$/i.test(file) && !/^[[{]/.test(first)) return 'text-lines';
  if (first.startsWith('[')) return 'json-array';
  if (first.startsWith('{')) {
    // One object per line, or one object over many lines: a saved API answer (a twarc2 page, a
    // Bluesky searchPosts or feed page) pretty-printed by `jq .` or a browser. JSON lines whose
    // first line is broken have a second that parses; a (large) file of them is never read whole.
    const [line1 = '', line2] = first.split(/\r?\n/).filter((l) => l.trim() !== '');
    const isLine = (l: string | undefined): boolean =>
      l !== undefined && l.trimStart().startsWith('{') && parsesAsJson(l);
    return isLine(line1) || isLine(line2) ? 'json-lines' : 'json-document';
  }
  if (first === '') return 'json-lines';
  const header = first.split(/\r?\n/, 1)[0] ?? '';
  return tableDelimiter(header) ? 'table' : 'json-lines';
}

function parsesAsJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** The records one parsed JSON value holds: a page holds many posts, anything else one. */
function recordsOf(value: unknown): Obj[] | undefined {
  if (!isObject(value)) return undefined;
  if (isRedditListing(value)) return splitRedditListing(value);
  if (isXV2Page(value)) return splitXV2Page(value);
  if (isBlueskyPage(value) || isBlueskyFeedItem(value)) return splitBlueskyPage(value);
  if (isFlatXV2Tweet(value)) return [unflattenXV2Tweet(value)];
  if (isSnscrapeTweet(value)) return [snscrapeToXV1(value)];
  if (isRedditDumpThing(value)) return [wrapRedditDumpThing(value)];
  return [value];
}

function* entriesOfValue(value: unknown, line: number, text?: string): Generator<RecordingEntry> {
  const records = recordsOf(value);
  if (records === undefined) {
    yield {
      line,
      skip: `expected a JSON object, got ${Array.isArray(value) ? 'an array' : typeof value}`,
    };
    return;
  }
  if (records.length === 0) yield { line, skip: 'a page without posts' };
  for (const record of records) {
    yield records.length === 1 && record === value && text !== undefined
      ? { line, record, text }
      : { line, record };
  }
}

async function* jsonLines(file: string): AsyncGenerator<RecordingEntry> {
  for await (const { line, text } of recordingLines(file)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      yield { line, skip: `malformed JSON (${(err as Error).message.slice(0, 100)})` };
      continue;
    }
    yield* entriesOfValue(value, line, text);
  }
}

async function* jsonArray(file: string): AsyncGenerator<RecordingEntry> {
  let items: unknown;
  try {
    items = JSON.parse(await readRecordingText(file));
  } catch (err) {
    yield { line: 1, skip: `malformed JSON (${(err as Error).message.slice(0, 100)})` };
    return;
  }
  // Items are numbered from 1, as lines are: a JSON array carries no line of its own per item.
  const list = Array.isArray(items) ? items : [items];
  for (const [i, item] of list.entries()) yield* entriesOfValue(item, i + 1);
}

/** A file holding one JSON object over many lines; read as lines when it is not one. */
async function* jsonDocument(file: string): AsyncGenerator<RecordingEntry> {
  let value: unknown;
  try {
    value = JSON.parse(await readRecordingText(file));
  } catch {
    // JSON lines whose first line is broken: each line is still read, and reported, on its own.
    return yield* jsonLines(file);
  }
  yield* entriesOfValue(value, 1);
}

async function* xArchive(file: string): AsyncGenerator<RecordingEntry> {
  try {
    yield* readXArchive(file, await readRecordingText(file));
  } catch (err) {
    yield {
      line: 1,
      skip: `not a readable X archive file (${(err as Error).message.slice(0, 100)})`,
    };
  }
}

async function* table(file: string, header: string): AsyncGenerator<RecordingEntry> {
  const delimiter = tableDelimiter(header) ?? ',';
  const cells = header.split(delimiter).map((h) => h.replace(/^"|"$/g, ''));
  const named = tableColumns(cells);
  const headerless = 'error' in named ? headerlessColumns(header, delimiter) : undefined;
  if ('error' in named && headerless === undefined) {
    yield { line: 1, skip: `${delimiter === '\t' ? 'TSV' : 'CSV'}: ${named.error}` };
    return;
  }
  const columns = headerless?.columns ?? (named as TableColumns);
  const now = Date.now();
  const rows = readTable(await openRecording(file), delimiter, headerless?.names);
  for await (const { line, row } of rows) {
    const out = tableRowRecord(row, columns, now);
    yield 'record' in out ? { line, record: out.record } : { line, skip: out.skip };
  }
}

/**
 * A `.txt` file of one post per line (how text datasets such as UMSAB's are shared): each line's
 * text, its id the file's name and the line number (the same on every replay), its language left
 * to detection.
 */
async function* textLines(file: string): AsyncGenerator<RecordingEntry> {
  const plain = recordingName(file);
  const name = basename(plain, extname(plain))
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .slice(0, 60);
  const now = Date.now();
  for await (const { line, text } of recordingLines(file)) {
    const row = { id: `${name}-${line}`, text: text.trim() };
    const out = tableRowRecord(row, { id: 'id', text: 'text' }, now);
    yield 'record' in out ? { line, record: out.record } : { line, skip: out.skip };
  }
}

/** Reads a recorded file of any accepted kind as records, each with the line it starts on. */
export async function* readRecording(file: string): AsyncGenerator<RecordingEntry> {
  const start = await recordingHead(file, HEAD_BYTES);
  switch (recordingKind(start, recordingName(file))) {
    case 'x-archive':
      return yield* xArchive(file);
    case 'json-array':
      return yield* jsonArray(file);
    case 'json-document':
      return yield* jsonDocument(file);
    case 'table':
      return yield* table(file, start.trimStart().split(/\r?\n/, 1)[0] ?? '');
    case 'json-lines':
      return yield* jsonLines(file);
    case 'text-lines':
      return yield* textLines(file);
  }
}

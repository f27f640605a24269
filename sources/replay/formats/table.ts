import { parse, type Options } from 'csv-parse';
import type { Readable } from 'node:stream';
import { parseIsoDate, parseTwitterDate } from '../../../functions/domain/normalize/dates';
import { snowflakeTime } from '../../../functions/domain/normalize/x-common';
import {
  extractCashtags,
  extractHashtags,
  toCashtags,
  toHashtags,
} from '../../../functions/domain/text';
import { twitterDate } from '../restamp';

/**
 * CSV and TSV files with a header, the form labelled tweet datasets are shared in: at least an
 * id and a text column, optionally a date, a language and an author. Rows with a numeric id are
 * tweets and become X API v1.1 statuses (source x, ids shared with the live X stream, so a
 * tweet replayed and streamed counts once); other ids become Post JSON in the `replay:` namespace.
 */

type Obj = Record<string, unknown>;

/** Header names people use for each field, compared lower-cased with spaces and dashes as '_'. */
const COLUMNS = {
  id: ['id', 'id_str', 'tweet_id', 'tweetid', 'status_id', 'post_id', 'tweet_id_str'],
  text: ['text', 'full_text', 'tweet', 'tweet_text', 'content', 'body', 'message', 'post'],
  createdAt: [
    'created_at',
    'createdat',
    'tweet_created',
    'tweet_created_at',
    'created',
    'date',
    'datetime',
    'timestamp',
    'time',
    'posted_at',
  ],
  lang: ['lang', 'language', 'tweet_lang'],
  authorId: ['author_id', 'user_id', 'user_id_str'],
  author: [
    'author',
    'user',
    'username',
    'user_name',
    'screen_name',
    'user_screen_name',
    'handle',
    'author_handle',
    'user_handle',
    'name',
  ],
} as const;

export type TableColumns = { -readonly [K in keyof typeof COLUMNS]?: string };

const canonical = (name: string): string =>
  name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/** The delimiter of a header line: tab, comma or semicolon, or undefined when it has none. */
export function tableDelimiter(header: string): string | undefined {
  return ['\t', ',', ';'].find((d) => header.includes(d));
}

/** Which header names hold which field; an error names what is missing. */
export function tableColumns(headerNames: string[]): TableColumns | { error: string } {
  const found: TableColumns = {};
  for (const [field, names] of Object.entries(COLUMNS) as [
    keyof TableColumns,
    readonly string[],
  ][]) {
    const match = names
      .map((n) => headerNames.find((h) => canonical(h) === n))
      .find((h) => h !== undefined);
    if (match !== undefined) found[field] = match;
  }
  const missing = (['id', 'text'] as const).filter((f) => found[f] === undefined);
  return missing.length
    ? {
        error: `the header names no ${missing.join(' and no ')} column (columns: ${headerNames.slice(0, 12).join(', ')})`,
      }
    : found;
}

// "2015-02-24 11:35:52 -0800" (spreadsheets, pandas) and "2024-11-21 10:20:40" (UTC assumed).
const SPACED_DATE_RE =
  /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Milliseconds from the date forms datasets use, or undefined. */
export function parseTableDate(value: string): number | undefined {
  const v = value.trim();
  if (/^\d{10}(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  if (/^\d{13}$/.test(v)) return Number(v);
  const spaced = SPACED_DATE_RE.exec(v);
  const iso = spaced
    ? `${spaced[1]}T${spaced[2]?.length === 5 ? `${spaced[2]}:00` : spaced[2]}${(spaced[3] ?? 'Z').replace(/^([+-]\d{2})(\d{2})$/, '$1:$2')}`
    : v;
  const parsed = parseIsoDate(iso) ?? parseTwitterDate(v);
  return parsed === undefined ? undefined : Date.parse(parsed);
}

const cell = (row: Obj, column: string | undefined): string | undefined => {
  const v = column === undefined ? undefined : row[column];
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
};

/**
 * One row as a record ingest reads, or the reason it has none. A row without a usable date
 * takes its tweet id's snowflake time, else the time it is read (replays restamp dates anyway).
 */
export function tableRowRecord(
  row: Obj,
  columns: TableColumns,
  now: number,
): { record: Obj } | { skip: string } {
  const id = cell(row, columns.id);
  const text = row[columns.text ?? ''];
  if (id === undefined) return { skip: `the ${columns.id} column is empty` };
  if (typeof text !== 'string' || text.trim() === '')
    return { skip: `the ${columns.text} column is empty` };
  const date = cell(row, columns.createdAt);
  const numeric = /^\d{1,20}$/.test(id);
  const ms =
    (date !== undefined ? parseTableDate(date) : undefined) ??
    (numeric && snowflakeTime(id) ? Date.parse(snowflakeTime(id) ?? '') : now);
  const lang = cell(row, columns.lang);
  const author = cell(row, columns.author)?.replace(/^@/, '');
  const authorId = cell(row, columns.authorId);
  if (numeric) {
    const user: Obj = {};
    if (authorId !== undefined && /^\d{1,20}$/.test(authorId)) user.id_str = authorId;
    if (author !== undefined) user.screen_name = author;
    return {
      record: {
        id_str: id,
        created_at: twitterDate(ms),
        full_text: text,
        ...(lang ? { lang } : {}),
        ...(Object.keys(user).length ? { user } : {}),
      },
    };
  }
  return {
    record: {
      id: `replay:${id}`,
      source: 'replay',
      text,
      createdAt: new Date(ms).toISOString(),
      ...(lang ? { lang } : {}),
      ...(author !== undefined || authorId !== undefined
        ? {
            author: {
              ...(authorId ? { id: authorId } : {}),
              ...(author ? { handle: author } : {}),
            },
          }
        : {}),
      hashtags: toHashtags(extractHashtags(text)),
      cashtags: toCashtags(extractCashtags(text)),
      isRetweet: /^RT @/.test(text),
      isReply: false,
    },
  };
}

export interface TableEntry {
  line: number;
  row: Obj;
}

/**
 * Rows of a CSV or TSV stream with the line each starts on. TSV is read without quoting (tweet
 * datasets put unbalanced quotes in their texts); CSV follows RFC 4180, fields may span lines.
 */
export async function* readTable(input: Readable, delimiter: string): AsyncGenerator<TableEntry> {
  const options: Options = {
    columns: true,
    delimiter,
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: true,
    ...(delimiter === '\t' ? { quote: false } : { relax_quotes: true }),
  };
  const parser = input.pipe(parse(options));
  for await (const item of parser as AsyncIterable<{
    record: Obj;
    info: { lines: number };
    raw: string;
  }>) {
    const body = item.raw.replace(/^[\r\n]+/, '').replace(/\r?\n$/, '');
    const newlines = body.split('\n').length - 1;
    yield { line: item.info.lines - newlines, row: item.record };
  }
}

import { parse, type Options } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
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
 *
 * Some datasets have no header (SemEval's `id<TAB>label<TAB>text`, Sentiment140's
 * `target,id,date,flag,user,text`): when the first row names no columns but reads as a tweet (a
 * cell of 6-20 digits before a last cell of text), the id is that cell, the text the last column
 * that is not empty and the date the first other cell that reads as one.
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

const TWEET_ID_CELL_RE = /^\d{6,20}$/;

/** csv-parse's options for a delimiter: TSV without quoting, CSV with RFC 4180 quotes. */
const quoting = (delimiter: string): Options =>
  delimiter === '\t' ? { quote: false } : { relax_quotes: true };

/**
 * Columns of a file without a header, from its first line (named `column 1`, `column 2`, ...),
 * or undefined when that line does not read as a tweet.
 */
export function headerlessColumns(
  firstLine: string,
  delimiter: string,
): { names: string[]; columns: TableColumns } | undefined {
  let firstRow: string[];
  try {
    [firstRow = []] = parseSync(firstLine, {
      delimiter,
      relax_column_count: true,
      ...quoting(delimiter),
    }) as string[][];
  } catch {
    return undefined;
  }
  const cells = firstRow.map((c) => c.trim());
  // The text is the last cell that holds something: some files end each row with a delimiter.
  const last = cells.findLastIndex((c) => c !== '');
  const idAt = cells.findIndex((c, i) => i < last && TWEET_ID_CELL_RE.test(c));
  if (last < 1 || idAt < 0 || !/\D/.test(cells[last] ?? '')) return undefined;
  const names = cells.map((_, i) => `column ${i + 1}`);
  const dateAt = cells.findIndex(
    (c, i) => i !== idAt && i < last && !/^\d{1,5}$/.test(c) && parseTableDate(c) !== undefined,
  );
  return {
    names,
    columns: {
      id: names[idAt],
      text: names[last],
      ...(dateAt >= 0 ? { createdAt: names[dateAt] } : {}),
    },
  };
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
export async function* readTable(
  input: Readable,
  delimiter: string,
  /** Column names of a file without a header (its first row is then data). */
  names?: string[],
): AsyncGenerator<TableEntry> {
  const options: Options = {
    columns: names ?? true,
    delimiter,
    bom: true,
    info: true,
    raw: true,
    skip_empty_lines: true,
    relax_column_count: true,
    ...quoting(delimiter),
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

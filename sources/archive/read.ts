import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import type { ArchivedPostRow } from '../../functions/domain/archive';
import { openArchive, type ArchiveDb } from '../../functions/history/duckdb-archive';

/**
 * Reads archived posts day by day, from the posts view (one row per post id), oldest first:
 * locally from the corpus folder, in AWS from the archive bucket (a day's Parquet objects are
 * downloaded to a temporary folder and read with DuckDB there: DuckDB's S3 support is an
 * extension it would download, which this project does not rely on).
 */

export interface ArchiveReader {
  day(day: string): Promise<ArchivedPostRow[]>;
  close(): void;
}

const COLUMNS =
  'id, source, text, created_at, lang, hashtags, cashtags, place_id, place_name, country, ' +
  'country_code, lat, lon, author_id, author_handle, url';

async function rowsOf(db: ArchiveDb, day: string): Promise<ArchivedPostRow[]> {
  const r = await db.query(`SELECT ${COLUMNS} FROM posts WHERE dt = ? ORDER BY created_at, id`, [
    day,
  ]);
  return r.rows as unknown as ArchivedPostRow[];
}

/** The local corpus: `tableDir` is the Glue table's folder (…/archive/posts). */
export async function localArchiveReader(
  tableDir: string,
  viewSql: string,
): Promise<ArchiveReader> {
  const db = await openArchive({ tableDir, viewSql });
  return { day: (day) => rowsOf(db, day), close: () => db.close() };
}

export interface S3ArchiveOptions {
  s3: Pick<S3Client, 'send'>;
  bucket: string;
  /** The table's prefix in the bucket, `posts/`. */
  prefix: string;
  viewSql: string;
}

/** The archive bucket of a deployed stack. */
export async function s3ArchiveReader(opts: S3ArchiveOptions): Promise<ArchiveReader> {
  const scratch = mkdtempSync(join(tmpdir(), 'archive-backfill-'));
  const tableDir = join(scratch, 'posts');
  const db = await openArchive({ tableDir, viewSql: opts.viewSql });
  return {
    async day(day) {
      rmSync(tableDir, { recursive: true, force: true });
      const prefix = `${opts.prefix}dt=${day}/`;
      let token: string | undefined;
      do {
        const page = await opts.s3.send(
          new ListObjectsV2Command({
            Bucket: opts.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
        );
        for (const object of page.Contents ?? []) {
          const key = object.Key ?? '';
          if (!key.endsWith('.parquet')) continue;
          const got = await opts.s3.send(new GetObjectCommand({ Bucket: opts.bucket, Key: key }));
          const bytes = await got.Body?.transformToByteArray();
          if (!bytes) continue;
          const file = join(tableDir, key.slice(opts.prefix.length));
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, bytes);
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return rowsOf(db, day);
    },
    close() {
      db.close();
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}

import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * The Reddit cursors between runs: per feed (`r/aws/new`, `search:...`) the fullname of the
 * newest thing sent. A file locally (`.data/reddit-cursor.json`), DynamoDB in the collector.
 */
export type RedditCursors = Record<string, string>;

export interface RedditCursorStore {
  load(): Promise<RedditCursors>;
  save(cursors: RedditCursors): Promise<void>;
}

const FULLNAME_RE = /^t[13]_[0-9a-z]{1,13}$/;

/** A JSON file, replaced atomically so a crash mid-write never leaves torn cursors. */
export function fileRedditCursorStore(path: string): RedditCursorStore {
  return {
    async load() {
      let text: string;
      try {
        text = await readFile(path, 'utf8');
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return {};
        throw err;
      }
      const cursors = (JSON.parse(text) as { cursors?: unknown }).cursors;
      if (typeof cursors !== 'object' || cursors === null) return {};
      // Only what a cursor can be: a damaged entry starts that feed afresh, not the others.
      return Object.fromEntries(
        Object.entries(cursors).filter(
          (e): e is [string, string] => typeof e[1] === 'string' && FULLNAME_RE.test(e[1]),
        ),
      );
    },
    async save(cursors) {
      await mkdir(dirname(path), { recursive: true });
      const tmp = `${path}.${process.pid}.tmp`;
      const savedAt = new Date().toISOString();
      await writeFile(tmp, `${JSON.stringify({ cursors, savedAt }, null, 2)}\n`);
      await rename(tmp, path);
    },
  };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { archiveRecordOf } from '../../../functions/domain/archive';
import { normalizeRecord, parseAndNormalize } from '../../../functions/domain/normalize/index';
import type { Post } from '../../../functions/domain/post';
import { findRepoRoot } from '../../../local/paths';
import { wireRecordOf } from '../../../sources/archive/wire';

/**
 * Archived Reddit posts go back as Reddit things (Post JSON may not claim `reddit:` ids), and
 * ingest reads them as the same posts: id, text, date, author, subreddit tag and link.
 */

const things = JSON.parse(
  readFileSync(join(findRepoRoot(), 'tests/fixtures/formats/reddit-things.json'), 'utf8'),
) as Record<string, unknown>[];

function normalized(raw: unknown): Post {
  const result = normalizeRecord(raw);
  if (!result.ok) throw new Error(result.reason);
  return result.post;
}

describe('archived Reddit posts on the wire', () => {
  it.each([
    ['a submission with a body', 0],
    ['a comment', 1],
    ['a link post (title only)', 2],
    ['a post on a user profile', 6],
  ])('%s comes back as the same post', (_name, index) => {
    const post = normalized(things[index]);
    const row = archiveRecordOf({ ...post, enrichStatus: 'OK' }, new Date());
    const wire = wireRecordOf(row);
    expect(wire.partitionKey).toBeDefined();
    expect((wire.data as { kind: string }).kind).toBe(post.id.slice(7, 9));
    const back = parseAndNormalize(JSON.stringify(wire.data));
    if (!back.ok) throw new Error(back.reason);
    const { isRetweet: _r, ...same } = post;
    expect(back.post).toMatchObject(same);
  });
});

import { postJsonOf, type ArchivedPostRow } from '../../functions/domain/archive';
import type { KinesisRecordInput } from '../kinesis/writer';
import { partitionKeyFor } from '../kinesis/partition-key';

/**
 * An archived post as its source would send it again. X, Bluesky and Reddit posts go back in
 * their own formats (an X API v2 payload, a Jetstream commit, a Reddit thing), because ingest
 * accepts a post in the `x:`, `bsky:` or `reddit:` namespace only from those: Post JSON may not claim a network's ids, or a producer could
 * take a real post's place. Posts of the other sources (demo, replay, post) go back as Post JSON,
 * in their own namespaces. The enrichment stays behind: the stack applies its engine of today.
 */

const X_ID = /^x:(\d{1,20})$/;
const BSKY_ID = /^bsky:at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/#]+)(?:#(.+))?$/;
const REDDIT_ID = /^reddit:(t[13])_([0-9a-z]{1,13})$/;
const REDDIT_PERMALINK =
  /^https:\/\/www\.reddit\.com(\/r\/([A-Za-z0-9_-]+)\/comments\/([0-9a-z]+)\/\S*)$/;

function xPayload(row: ArchivedPostRow, id: string): Record<string, unknown> {
  const hashtags = (row.hashtags ?? []).map((tag) => ({ tag }));
  const cashtags = (row.cashtags ?? []).map((c) => ({ tag: c.replace(/^\$/, '') }));
  const authorId = row.author_id && /^\d{1,20}$/.test(row.author_id) ? row.author_id : undefined;
  const hasPoint = row.lat != null && row.lon != null;
  // Normalizing prefixed X place ids with `x:`; the payload carries X's own id.
  const placeId = row.place_id?.replace(/^x:/, '');
  return {
    data: {
      id,
      text: row.text,
      created_at: new Date(row.created_at).toISOString(),
      ...(row.lang ? { lang: row.lang } : {}),
      ...(authorId ? { author_id: authorId } : {}),
      entities: { hashtags, cashtags },
      ...(placeId || hasPoint
        ? {
            geo: {
              ...(placeId ? { place_id: placeId } : {}),
              ...(hasPoint
                ? { coordinates: { type: 'Point', coordinates: [row.lon, row.lat] } }
                : {}),
            },
          }
        : {}),
    },
    includes: {
      ...(authorId
        ? {
            users: [
              { id: authorId, ...(row.author_handle ? { username: row.author_handle } : {}) },
            ],
          }
        : {}),
      ...(placeId
        ? {
            places: [
              {
                id: placeId,
                full_name: row.place_name ?? '',
                ...(row.place_name ? { name: row.place_name } : {}),
                ...(row.country ? { country: row.country } : {}),
                ...(row.country_code ? { country_code: row.country_code } : {}),
                ...(hasPoint ? { geo: { bbox: [row.lon, row.lat, row.lon, row.lat] } } : {}),
              },
            ],
          }
        : {}),
    },
  };
}

function jetstreamEvent(
  row: ArchivedPostRow,
  did: string,
  rkey: string,
  rev: string | undefined,
): Record<string, unknown> {
  const createdAt = new Date(row.created_at);
  return {
    did,
    time_us: createdAt.getTime() * 1000,
    kind: 'commit',
    commit: {
      // A version after an edit goes back as the update it was, with its revision.
      operation: rev ? 'update' : 'create',
      ...(rev ? { rev } : {}),
      collection: 'app.bsky.feed.post',
      rkey,
      record: {
        $type: 'app.bsky.feed.post',
        text: row.text,
        createdAt: createdAt.toISOString(),
        ...(row.lang ? { langs: [row.lang] } : {}),
        ...(row.hashtags?.length ? { tags: [...row.hashtags] } : {}),
      },
    },
  };
}

/**
 * A Reddit thing again. The subreddit and the post a comment answers come from the permalink
 * (the archive keeps the url, and only the lower-cased tag key `r:aws` besides); a submission's
 * title is its text up to the first blank line, as the normalizer joined them.
 */
function redditThing(
  row: ArchivedPostRow,
  kind: string,
  id: string,
): Record<string, unknown> | undefined {
  const link = REDDIT_PERMALINK.exec(row.url ?? '');
  if (!link) return undefined;
  const [, permalink, subreddit, linkId] = link;
  const split = row.text.indexOf('\n\n');
  const authorId =
    row.author_id && /^t2_[0-9a-z]+$/.test(row.author_id) ? row.author_id : undefined;
  return {
    kind,
    data: {
      name: `${kind}_${id}`,
      id,
      author: row.author_handle ?? '[deleted]',
      ...(authorId ? { author_fullname: authorId } : {}),
      subreddit,
      permalink,
      created_utc: new Date(row.created_at).getTime() / 1000,
      ...(kind === 't1'
        ? { body: row.text, link_id: `t3_${linkId}` }
        : split < 0
          ? { title: row.text, selftext: '' }
          : { title: row.text.slice(0, split), selftext: row.text.slice(split + 2) }),
    },
  };
}

export function wireRecordOf(row: ArchivedPostRow): KinesisRecordInput {
  const x = row.source === 'x' ? X_ID.exec(row.id) : null;
  if (x) return { partitionKey: partitionKeyFor(row.id), data: xPayload(row, x[1]!) };
  const bsky = row.source === 'bsky' ? BSKY_ID.exec(row.id) : null;
  if (bsky) {
    return {
      partitionKey: partitionKeyFor(row.id),
      data: jetstreamEvent(row, bsky[1]!, bsky[2]!, bsky[3]),
    };
  }
  const reddit = row.source === 'reddit' ? REDDIT_ID.exec(row.id) : null;
  const thing = reddit ? redditThing(row, reddit[1]!, reddit[2]!) : undefined;
  if (thing) return { partitionKey: partitionKeyFor(row.id), data: thing };
  const post = postJsonOf(row);
  return { partitionKey: partitionKeyFor(post.id), data: post };
}

import { createHash } from 'node:crypto';
import type { Author } from '../authors';
import type { Draft } from '../draft';
import { cpLength, shift, TextBuilder, truncate } from '../text';
import { v2Entities, v2Place, v2User } from './x-entities';

/** v2 shortens a retweet's text like v1.1 did; the full original comes in `includes.tweets`. */
const RT_TEXT_MAX = 140;

/** The stream rule each topic's posts match, with a stable numeric id like X's. */
const ruleId = (topicKey: string): string =>
  BigInt(`0x${createHash('md5').update(`rule:${topicKey}`).digest('hex').slice(0, 15)}`).toString();

/** Tweet object with the fields the filtered stream returns for this project's `tweet.fields`. */
function tweetData(d: Draft, text: string, entities = d.body.entities): Record<string, unknown> {
  const parent = d.replyTo;
  const data: Record<string, unknown> = {
    id: d.id,
    text,
    created_at: d.createdAt.toISOString(),
    author_id: d.author.xId,
    lang: d.lang,
    conversation_id: conversationRoot(d),
    edit_history_tweet_ids: [d.id],
    possibly_sensitive: false,
    public_metrics: {
      retweet_count: 0,
      reply_count: 0,
      like_count: 0,
      quote_count: 0,
      bookmark_count: 0,
      impression_count: 0,
    },
  };
  const ents = v2Entities(entities);
  if (ents) data.entities = ents;
  if (parent) {
    data.in_reply_to_user_id = parent.author.xId;
    data.referenced_tweets = [{ type: 'replied_to', id: parent.id }];
  }
  if (d.place) {
    data.geo = d.place.point
      ? { place_id: d.place.city.id, coordinates: { type: 'Point', coordinates: d.place.point } }
      : { place_id: d.place.city.id };
  }
  return data;
}

function conversationRoot(d: Draft): string {
  let root = d;
  while (root.replyTo) root = root.replyTo;
  return root.id;
}

/** One X API v2 filtered-stream message: `data`, `includes` and `matching_rules`. */
export function renderV2(d: Draft): Record<string, unknown> {
  const users = new Map<string, Author>([[d.author.xId, d.author]]);
  const addUsers = (entities: Draft['body']['entities']) => {
    for (const e of entities) if (e.author) users.set(e.author.xId, e.author);
  };

  let data: Record<string, unknown>;
  const includes: Record<string, unknown[]> = {};
  if (d.retweetOf) {
    const orig = d.retweetOf;
    const b = new TextBuilder()
      .text('RT ')
      .entity('mention', `@${orig.author.username}`, orig.author.username, { author: orig.author })
      .text(': ');
    const prefix = b.build();
    const shown = truncate(
      {
        text: prefix.text + orig.body.text,
        entities: [
          ...prefix.entities,
          ...shift(orig.body.entities, cpLength(prefix.text), Buffer.byteLength(prefix.text)),
        ],
      },
      RT_TEXT_MAX,
    );
    data = tweetData({ ...d, replyTo: undefined, place: undefined }, shown.text, shown.entities);
    data.referenced_tweets = [{ type: 'retweeted', id: orig.id }];
    includes.tweets = [tweetData(orig, orig.body.text)];
    users.set(orig.author.xId, orig.author);
    addUsers(shown.entities);
    addUsers(orig.body.entities);
    if (orig.place) includes.places = [v2Place(orig.place.city)];
  } else {
    data = tweetData(d, d.body.text);
    addUsers(d.body.entities);
    if (d.replyTo) includes.tweets = [tweetData(d.replyTo, d.replyTo.body.text)];
    if (d.place) includes.places = [v2Place(d.place.city)];
  }
  includes.users = [...users.values()].map(v2User);

  return {
    data,
    includes,
    matching_rules: [{ id: ruleId(d.topic.key), tag: d.topic.key }],
  };
}

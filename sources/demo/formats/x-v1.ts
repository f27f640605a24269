import { createHash } from 'node:crypto';
import { v1Date, type Draft } from '../draft';
import { cpLength, shift, TextBuilder, truncate, type BuiltText } from '../text';
import { v1Entities, v1Place } from './x-entities';

/** Longest `text` of a v1.1 status; longer ones carry `extended_tweet`. */
const V1_TEXT_MAX = 140;
const TCO_LENGTH = 23;

/** An X API v1.1 status, as the v1.1 streaming endpoints delivered them. */
export function renderV1(d: Draft): Record<string, unknown> {
  const base = {
    created_at: v1Date(d.createdAt),
    // v1.1 sends the id as a JSON number too; above 2^53 it is not exact, hence id_str.
    id: Number(d.id),
    id_str: d.id,
    source: d.client,
    user: v1User(d),
    is_quote_status: false,
    quote_count: 0,
    reply_count: 0,
    retweet_count: 0,
    favorite_count: 0,
    favorited: false,
    retweeted: false,
    filter_level: 'low',
    lang: d.lang,
    timestamp_ms: String(d.createdAt.getTime()),
  };

  if (d.retweetOf) {
    const orig = d.retweetOf;
    const b = new TextBuilder()
      .text('RT ')
      .entity('mention', `@${orig.author.username}`, orig.author.username, { author: orig.author })
      .text(': ');
    const prefix = b.build().text;
    const full: BuiltText = {
      text: prefix + orig.body.text,
      entities: [
        ...b.build().entities,
        ...shift(orig.body.entities, cpLength(prefix), Buffer.byteLength(prefix)),
      ],
    };
    const shown = truncate(full, V1_TEXT_MAX);
    return {
      ...base,
      text: shown.text,
      truncated: false,
      entities: v1Entities(shown.entities),
      retweeted_status: renderV1(orig),
      ...nullReply(),
      coordinates: null,
      geo: null,
      place: null,
    };
  }

  const full = d.body;
  const fullLength = cpLength(full.text);
  const displayStart = d.replyTo ? (full.entities[0]?.end ?? 0) + 1 : 0;
  let top: Record<string, unknown>;
  if (fullLength <= V1_TEXT_MAX) {
    top = {
      text: full.text,
      display_text_range: [displayStart, fullLength],
      truncated: false,
      entities: v1Entities(full.entities),
    };
  } else {
    // What v1.1 did to long posts: cut the text, link to the post, put the rest aside.
    const cut = truncate(full, V1_TEXT_MAX - TCO_LENGTH - 1);
    const link = `https://t.co/${createHash('md5').update(d.id).digest('base64url').slice(0, 10)}`;
    const b = new TextBuilder().text(`${cut.text} `);
    b.entity('url', link, link, { expandedUrl: `https://twitter.com/i/web/status/${d.id}` });
    const shown = b.build();
    top = {
      text: shown.text,
      display_text_range: [displayStart, cpLength(cut.text)],
      truncated: true,
      entities: v1Entities([...cut.entities, ...shown.entities]),
      extended_tweet: {
        full_text: full.text,
        display_text_range: [displayStart, fullLength],
        entities: v1Entities(full.entities),
      },
    };
  }

  const parent = d.replyTo;
  const point = d.place?.point;
  return {
    ...base,
    ...top,
    ...(parent
      ? {
          in_reply_to_status_id: Number(parent.id),
          in_reply_to_status_id_str: parent.id,
          in_reply_to_user_id: Number(parent.author.xId),
          in_reply_to_user_id_str: parent.author.xId,
          in_reply_to_screen_name: parent.author.username,
        }
      : nullReply()),
    coordinates: point ? { type: 'Point', coordinates: [point[0], point[1]] } : null,
    // The deprecated `geo` field has the pair the other way round: [lat, lon].
    geo: point ? { type: 'Point', coordinates: [point[1], point[0]] } : null,
    place: d.place ? v1Place(d.place.city) : null,
    ...(full.entities.some((e) => e.kind === 'url') ? { possibly_sensitive: false } : {}),
  };
}

function nullReply() {
  return {
    in_reply_to_status_id: null,
    in_reply_to_status_id_str: null,
    in_reply_to_user_id: null,
    in_reply_to_user_id_str: null,
    in_reply_to_screen_name: null,
  };
}

function v1User(d: Draft) {
  const a = d.author;
  return {
    id: Number(a.xId),
    id_str: a.xId,
    name: a.name,
    screen_name: a.username,
    location: null,
    protected: false,
    verified: false,
    followers_count: a.followers,
    friends_count: Math.floor(a.followers / 3) + 12,
    created_at: v1Date(new Date(a.createdAt)),
    default_profile_image: false,
  };
}

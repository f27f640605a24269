/**
 * X API v2 recordings as collectors write them, turned into one filtered-stream payload per post
 * (`{data, includes}`), the form ingest reads: one Kinesis record per post keeps the partition key
 * the post's id, so every copy of a post lands on one shard.
 */

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObject) : []);

/** A page of search or timeline results (`twarc2 search`, the API's own JSON): `data` is a list. */
export const isXV2Page = (raw: Obj): boolean => Array.isArray(raw.data);

/**
 * One tweet per line with its expansions inlined (`twarc2 flatten`): the tweet's own fields at
 * the top, the author as `author`, the place as `geo.place`.
 */
export const isFlatXV2Tweet = (raw: Obj): boolean =>
  !('data' in raw) &&
  typeof raw.id === 'string' &&
  typeof raw.text === 'string' &&
  ('edit_history_tweet_ids' in raw || 'author_id' in raw || '__twarc' in raw);

function byId(items: Obj[]): Map<string, Obj> {
  return new Map(items.flatMap((i) => (typeof i.id === 'string' ? [[i.id, i] as const] : [])));
}

/** The includes one tweet needs: its author, its place and the posts it references. */
function includesFor(
  tweet: Obj,
  users: Map<string, Obj>,
  places: Map<string, Obj>,
  tweets: Map<string, Obj>,
) {
  const pick = (map: Map<string, Obj>, id: unknown): Obj[] => {
    const found = typeof id === 'string' ? map.get(id) : undefined;
    return found ? [found] : [];
  };
  const geo = isObject(tweet.geo) ? tweet.geo : {};
  const referenced = list(tweet.referenced_tweets).flatMap((r) => pick(tweets, r.id));
  const includes: Obj = {};
  const user = pick(users, tweet.author_id);
  const place = pick(places, geo.place_id);
  if (user.length) includes.users = user;
  if (place.length) includes.places = place;
  if (referenced.length) includes.tweets = referenced;
  return includes;
}

/** Every post of a page as its own payload, with the author and place joined from `includes`. */
export function splitXV2Page(page: Obj): Obj[] {
  const includes = isObject(page.includes) ? page.includes : {};
  const users = byId(list(includes.users));
  const places = byId(list(includes.places));
  const tweets = byId(list(includes.tweets));
  return (page.data as unknown[]).map((tweet) => {
    if (!isObject(tweet)) return { data: tweet };
    const own = includesFor(tweet, users, places, tweets);
    return Object.keys(own).length ? { data: tweet, includes: own } : { data: tweet };
  });
}

/** A flattened tweet back in payload form: `author` and `geo.place` become `includes`. */
export function unflattenXV2Tweet(flat: Obj): Obj {
  const { author, __twarc: _twarc, ...tweet } = flat;
  const includes: Obj = {};
  if (isObject(author)) includes.users = [author];
  if (isObject(tweet.geo) && isObject(tweet.geo.place)) {
    const { place, ...geo } = tweet.geo;
    includes.places = [place];
    tweet.geo = geo;
  }
  return Object.keys(includes).length ? { data: tweet, includes } : { data: tweet };
}

// Writes the bad-input corpus, tests/fixtures/bad-input/corpus.jsonl: hostile, broken and merely
// strange Kinesis records, each with the outcome it must have (stored as a given Post, or in the
// dead-letter queue with a given code and reason). Deterministic: no clock, no randomness.
// Expected outcomes are written here by hand from the input, never computed by the normalizers.
//   npm run corpus:bad-input              write the file
//   npm run corpus:bad-input -- --check   fail when the committed file is stale
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../local/paths';
import {
  CORPUS_FILE,
  expand,
  sha256,
  type CorpusFormat,
  type CorpusLine,
  type ExpectedPost,
  type Fill,
} from '../tests/fixtures/bad-input/corpus';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };
type Wire = Exclude<CorpusFormat, 'none'>;
const FORMATS: Wire[] = ['x-v1', 'x-v2', 'bsky-jetstream', 'reddit', 'post'];

const CREATED = new Date('2026-11-20T12:34:56.000Z');
const V1_CREATED = 'Fri Nov 20 12:34:56 +0000 2026';
const DID = 'did:plc:badinput';
/** Reddit: every case is a comment on one post in r/BadInput, dated CREATED. */
const SUBREDDIT = 'BadInput';
const REDDIT_LINK = 'badpost';
const MiB = 1024 * 1024;

// ------------------------------------------------------------------ valid posts per format

interface Place {
  id: string;
  name: string;
  country: string;
  countryCode: string;
  bbox: [number, number, number, number];
}

interface Spec {
  /** Unique per case and format; becomes the X id, the Bluesky rkey or the Post JSON id. */
  serial: string;
  /** The text as the author wrote it (X escapes & < > on the wire; the Post has it plain). */
  text: string;
  /** Hashtag display forms written into entities/facets/hashtags; none means "read the text". */
  tags?: string[];
  cashtags?: string[];
  lang?: string;
  place?: Place;
}

const xEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** A 19-digit id from a serial: X ids are far beyond 2^53. */
const xId = (serial: string): string =>
  `1${BigInt(`0x${createHash('sha256').update(serial).digest('hex').slice(0, 15)}`)
    .toString()
    .padStart(18, '0')
    .slice(0, 18)}`;
const rkey = (serial: string): string => `3bad${serial.replace(/[^a-z0-9]/gi, '').toLowerCase()}`;
/** A base-36 Reddit id from a serial (Reddit's own are 7 digits today). */
const redditId = (serial: string): string =>
  BigInt(`0x${createHash('sha256').update(serial).digest('hex').slice(0, 12)}`).toString(36);
const redditUrl = (serial: string): string =>
  `https://www.reddit.com/r/${SUBREDDIT}/comments/${REDDIT_LINK}/bad_input/${redditId(serial)}/`;

function postIdOf(format: Wire, serial: string): string {
  if (format === 'x-v1' || format === 'x-v2') return `x:${xId(serial)}`;
  if (format === 'bsky-jetstream') return `bsky:at://${DID}/app.bsky.feed.post/${rkey(serial)}`;
  if (format === 'reddit') return `reddit:t1_${redditId(serial)}`;
  return `post:bad-${serial}`;
}

function render(format: Wire, s: Spec): Obj {
  const text = s.text;
  const tags = s.tags;
  const cashtags = s.cashtags ?? [];
  const lang = s.lang ?? 'en';
  const p = s.place;
  switch (format) {
    case 'x-v1': {
      const id = xId(s.serial);
      return {
        created_at: V1_CREATED,
        // The numeric id loses digits beyond 2^53 (as it does in X's own JSON): id_str must win.
        id: Number(id),
        id_str: id,
        text: xEscape(text),
        user: { id: 777001, id_str: '777001', screen_name: 'bad_input', name: 'Bad Input' },
        ...(tags
          ? {
              entities: {
                hashtags: tags.map((t) => ({ text: t, indices: [0, 0] })),
                symbols: cashtags.map((t) => ({ text: t, indices: [0, 0] })),
              },
            }
          : {}),
        lang,
        place: p
          ? {
              id: p.id,
              name: p.name,
              full_name: `${p.name}, ${p.country}`,
              country: p.country,
              country_code: p.countryCode,
              place_type: 'city',
              bounding_box: {
                type: 'Polygon',
                coordinates: [
                  [
                    [p.bbox[0], p.bbox[1]],
                    [p.bbox[2], p.bbox[1]],
                    [p.bbox[2], p.bbox[3]],
                    [p.bbox[0], p.bbox[3]],
                  ],
                ],
              },
            }
          : null,
      };
    }
    case 'x-v2':
      return {
        data: {
          id: xId(s.serial),
          text: xEscape(text),
          created_at: CREATED.toISOString(),
          author_id: '777002',
          lang,
          ...(tags
            ? {
                entities: {
                  hashtags: tags.map((t) => ({ start: 0, end: 0, tag: t })),
                  cashtags: cashtags.map((t) => ({ start: 0, end: 0, tag: t })),
                },
              }
            : {}),
          ...(p ? { geo: { place_id: p.id } } : {}),
        },
        includes: {
          users: [{ id: '777002', username: 'bad_input_v2', name: 'Bad Input' }],
          ...(p
            ? {
                places: [
                  {
                    id: p.id,
                    full_name: `${p.name}, ${p.country}`,
                    name: p.name,
                    country: p.country,
                    country_code: p.countryCode,
                    geo: { type: 'Feature', bbox: p.bbox, properties: {} },
                  },
                ],
              }
            : {}),
        },
      };
    case 'bsky-jetstream':
      return {
        did: DID,
        time_us: CREATED.getTime() * 1000,
        kind: 'commit',
        commit: {
          rev: '3lbadinput',
          operation: 'create',
          collection: 'app.bsky.feed.post',
          rkey: rkey(s.serial),
          cid: 'bafyreibadinput',
          record: {
            $type: 'app.bsky.feed.post',
            text,
            createdAt: CREATED.toISOString(),
            langs: [lang],
            ...(tags
              ? {
                  facets: tags.map((tag) => ({
                    index: { byteStart: 0, byteEnd: 0 },
                    features: [{ $type: 'app.bsky.richtext.facet#tag', tag }],
                  })),
                }
              : {}),
          },
        },
      };
    // Reddit has no tag or cashtag fields (both are read from the text), no language and no place.
    case 'reddit':
      return {
        kind: 't1',
        data: {
          subreddit_id: 't5_badin',
          subreddit: SUBREDDIT,
          subreddit_name_prefixed: `r/${SUBREDDIT}`,
          id: redditId(s.serial),
          name: `t1_${redditId(s.serial)}`,
          author: 'bad_input_reddit',
          author_fullname: 't2_badinput',
          parent_id: `t3_${REDDIT_LINK}`,
          link_id: `t3_${REDDIT_LINK}`,
          body: text,
          permalink: `/r/${SUBREDDIT}/comments/${REDDIT_LINK}/bad_input/${redditId(s.serial)}/`,
          created_utc: CREATED.getTime() / 1000,
          edited: false,
          score: 1,
        },
      };
    case 'post':
      return {
        id: postIdOf('post', s.serial),
        source: 'post',
        text,
        createdAt: CREATED.toISOString(),
        lang,
        author: { id: 'bad-author', handle: 'bad_input' },
        hashtags: (tags ?? []).map((display) => ({ key: display.toLowerCase(), display })),
        cashtags: cashtags.map((c) => `$${c.toUpperCase()}`),
        isRetweet: false,
        isReply: false,
        ...(p
          ? {
              place: {
                id: p.id,
                name: p.name,
                country: p.country,
                countryCode: p.countryCode,
                bbox: p.bbox,
              },
            }
          : {}),
      };
  }
}

const AUTHOR: Record<Wire, string> = {
  'x-v1': '777001',
  'x-v2': '777002',
  'bsky-jetstream': DID,
  reddit: 't2_badinput',
  post: 'bad-author',
};

function expectedPost(
  format: Wire,
  s: Spec,
  keys: string[],
  over: Partial<ExpectedPost> = {},
): ExpectedPost {
  const isX = format === 'x-v1' || format === 'x-v2';
  const reddit = format === 'reddit';
  return {
    id: postIdOf(format, s.serial),
    source: isX ? 'x' : format === 'bsky-jetstream' ? 'bsky' : reddit ? 'reddit' : 'post',
    text: s.text,
    createdAt: CREATED.toISOString(),
    // A Reddit post counts its subreddit first (key r:<name>).
    hashtags: reddit ? [`r:${SUBREDDIT.toLowerCase()}`, ...keys] : keys,
    cashtags: (s.cashtags ?? []).map((c) => `$${c.toUpperCase()}`),
    lang: reddit ? null : (s.lang ?? 'en'),
    authorId: AUTHOR[format],
    // Jetstream and Reddit posts carry no place.
    place:
      s.place && format !== 'bsky-jetstream' && !reddit
        ? { id: isX ? `x:${s.place.id}` : s.place.id, name: s.place.name }
        : null,
    isRetweet: false,
    // Every Reddit case is a comment.
    isReply: reddit,
    ...over,
  };
}

// ------------------------------------------------------------------ the corpus

const lines: CorpusLine[] = [];

let fillCount = 0;
const pendingFills: Fill[] = [];

/** A placeholder for `unit` repeated `times` times, expanded when the corpus is read. */
function big(unit: string | Buffer, times: number): string {
  const marker = `@@FILL${fillCount++}@@`;
  const bytes = Buffer.isBuffer(unit) ? unit : Buffer.from(unit, 'utf8');
  pendingFills.push({ marker, unit: bytes.toString('base64'), times });
  return marker;
}

/** `{"a":` n times, a value, then n closing braces. */
const nested = (n: number, value = '1', key = 'a'): string =>
  `${big(`{"${key}":`, n)}${value}${big('}', n)}`;

function add(
  name: string,
  format: CorpusFormat,
  data: Buffer | string,
  outcome: { code: string; reason: string } | { post: ExpectedPost },
): void {
  if (lines.some((l) => l.name === name)) throw new Error(`duplicate case name ${name}`);
  const buf = Buffer.isBuffer(data) ? data : Buffer.from(data, 'utf8');
  const fills = pendingFills.filter((f) => buf.includes(f.marker));
  pendingFills.splice(0, pendingFills.length);
  const line: CorpusLine = {
    name,
    format,
    expect: 'post' in outcome ? 'stored' : 'dlq',
    ...outcome,
    data: buf.toString('base64'),
    ...(fills.length > 0 ? { fills } : {}),
    bytes: 0,
    sha256: '',
  };
  const raw = expand(line);
  lines.push({ ...line, bytes: raw.length, sha256: sha256(raw) });
}

const json = (v: unknown): string => JSON.stringify(v);
const dlq = (code: string, reason: string) => ({ code, reason });

/** Sets (or with `undefined`, deletes) a value at a path, in a deep copy. */
function edit(obj: Obj, path: (string | number)[], value: Json | undefined): Obj {
  const copy = structuredClone(obj);
  let node: Json = copy;
  for (const key of path.slice(0, -1)) node = (node as Record<string | number, Json>)[key] as Json;
  const last = path[path.length - 1] as string | number;
  const parent = node as Record<string | number, Json>;
  if (value === undefined) delete parent[last];
  else parent[last] = value;
  return copy;
}

const PATHS: Record<Wire, { id: string[]; text: string[]; date: string[]; author: string[] }> = {
  'x-v1': { id: ['id_str'], text: ['text'], date: ['created_at'], author: ['user'] },
  'x-v2': {
    id: ['data', 'id'],
    text: ['data', 'text'],
    date: ['data', 'created_at'],
    author: ['data', 'author_id'],
  },
  'bsky-jetstream': {
    id: ['commit', 'rkey'],
    text: ['commit', 'record', 'text'],
    date: ['commit', 'record', 'createdAt'],
    author: ['did'],
  },
  reddit: {
    id: ['data', 'name'],
    text: ['data', 'body'],
    date: ['data', 'created_utc'],
    author: ['data', 'author'],
  },
  post: { id: ['id'], text: ['text'], date: ['createdAt'], author: ['author'] },
};
const field = (format: Wire, which: keyof (typeof PATHS)['post']): string =>
  PATHS[format][which].join('.');

// 1. Not JSON, or not one object: whatever the producer, these are NOT_JSON or UNKNOWN_SHAPE.
const notJson: [string, Buffer | string, string, string][] = [
  ['blank', ' ', 'NOT_JSON', 'empty'],
  ['newlines-only', '\n\r\n\t', 'NOT_JSON', 'empty'],
  ['plain-text', 'hello world #notjson', 'NOT_JSON', 'not JSON'],
  ['single-quotes', "{'text': 'hi'}", 'NOT_JSON', 'not JSON'],
  ['trailing-comma', '{"text":"hi",}', 'NOT_JSON', 'not JSON'],
  ['comment', '{"text":"hi" /* c */}', 'NOT_JSON', 'not JSON'],
  ['two-objects', '{"a":1}{"b":2}', 'NOT_JSON', 'not JSON'],
  ['json-lines', '{"a":1}\n{"b":2}', 'NOT_JSON', 'not JSON'],
  ['nan', 'NaN', 'NOT_JSON', 'not JSON'],
  ['undefined-literal', 'undefined', 'NOT_JSON', 'not JSON'],
  ['unterminated-string', '{"text":"hi', 'NOT_JSON', 'not JSON'],
  ['xml', '<?xml version="1.0"?><post><text>hi</text></post>', 'NOT_JSON', 'not JSON'],
  ['html-script', '<script>alert(document.cookie)</script>', 'NOT_JSON', 'not JSON'],
  ['sql', "'; DROP TABLE posts; --", 'NOT_JSON', 'not JSON'],
  ['csv', 'id,text,created_at\n1,hello,2026-11-20', 'NOT_JSON', 'not JSON'],
  ['base64-of-json', Buffer.from('{"id":"post:x"}').toString('base64'), 'NOT_JSON', 'not JSON'],
  ['bom-only', '\ufeff', 'NOT_JSON', 'empty'],
  ['nul-bytes', Buffer.alloc(16, 0), 'NOT_JSON', 'not JSON'],
  ['gzip-magic', Buffer.from('1f8b0800000000000003cb48cdc9c90700', 'hex'), 'INVALID', 'UTF-8'],
  ['latin1', Buffer.from('{"text":"caf\xe9"}', 'latin1'), 'INVALID', 'UTF-8'],
  ['utf16le-json', Buffer.from('\ufeff{"text":"hi"}', 'utf16le'), 'INVALID', 'UTF-8'],
  // CESU-8 / WTF-8 bytes of a lone surrogate are not UTF-8.
  ['utf8-encoded-surrogate', Buffer.from('7b2274223a22eda0bd227d', 'hex'), 'INVALID', 'UTF-8'],
  ['overlong-utf8', Buffer.from('7b2274223a22c0af227d', 'hex'), 'INVALID', 'UTF-8'],
  ['null', 'null', 'UNKNOWN_SHAPE', 'got null'],
  ['true', 'true', 'UNKNOWN_SHAPE', 'got a boolean'],
  ['number', '42', 'UNKNOWN_SHAPE', 'got a number'],
  ['huge-number', '1e400', 'UNKNOWN_SHAPE', 'got a number'],
  ['string', '"just a string"', 'UNKNOWN_SHAPE', 'got a string'],
  ['empty-array', '[]', 'UNKNOWN_SHAPE', 'got an array'],
  ['array-of-post', json([{ id: 'post:bad-array', text: 'hi' }]), 'UNKNOWN_SHAPE', 'an array'],
  ['empty-object', '{}', 'UNKNOWN_SHAPE', '(none)'],
  ['unknown-object', json({ hello: 'world' }), 'UNKNOWN_SHAPE', 'keys: hello'],
  ['proto-only', '{"__proto__":{"did":"did:plc:x"}}', 'UNKNOWN_SHAPE', '__proto__'],
];
// A few bytes of noise, from a hash chain so the file stays the same on every run.
let noise = Buffer.alloc(0);
for (let h = Buffer.from('bad-input'); noise.length < 512;) {
  h = createHash('sha256').update(h).digest();
  noise = Buffer.concat([noise, h]);
}
notJson.push(['binary-noise', noise, 'INVALID', 'UTF-8']);
notJson.push([
  'json-string-of-post',
  json(json(render('post', { serial: 'stringified', text: 'x' }))),
  'UNKNOWN_SHAPE',
  'got a string',
]);
for (const [name, data, code, reason] of notJson)
  add(`none/${name}`, 'none', data, dlq(code, reason));
add(
  'none/deep-array',
  'none',
  `${big('[', 20_000)}${big(']', 20_000)}`,
  dlq('UNKNOWN_SHAPE', 'an array'),
);
add('none/deep-object', 'none', nested(15_000), dlq('UNKNOWN_SHAPE', 'keys: a'));

// 2. Oversized records: the ingest limit is 100 KiB (a Post's text is at most 10,000 characters,
// so a valid record never comes near it), and Kinesis allows up to 1 MiB. Never stored, never
// a crash: OVERSIZED in the dead-letter queue, with the first ~200 KB of the data.
// The partition key counts towards Kinesis's 1 MiB.
add('none/1mib-of-a', 'none', big('a', MiB - 16), dlq('OVERSIZED', 'the limit is 102400'));
add(
  'none/1mb-of-0xff',
  'none',
  big(Buffer.from([0xff]), 1_000_000),
  dlq('OVERSIZED', 'the limit is 102400'),
);
const overLimit = json({ id: 'post:bad-just-over', pad: '' });
add(
  'none/just-over-limit',
  'none',
  overLimit.replace('""', `"${big('b', 102_401 - overLimit.length)}"`),
  dlq('OVERSIZED', 'record is 102401 bytes'),
);

// 3. Every format with every kind of defect.
const EMOJI_CUT = Buffer.from('😀', 'utf8').subarray(0, 2);
for (const f of FORMATS) {
  const spec: Spec = { serial: `defect-${f}`, text: 'A perfectly fine post #Fine', tags: ['Fine'] };
  const good = render(f, spec);
  const P = PATHS[f];
  const c = (name: string, obj: Obj | string | Buffer, code: string, reason: string) =>
    add(
      `${f}/${name}`,
      f,
      typeof obj === 'string' || Buffer.isBuffer(obj) ? obj : json(obj),
      dlq(code, reason),
    );
  const missing = f === 'x-v1' ? 'id_str is missing' : `${field(f, 'id')} is missing`;

  // Truncated JSON: half, all but the last byte, and in the middle of a multi-byte character.
  const whole = json(good);
  c('truncated-half', whole.slice(0, Math.floor(whole.length / 2)), 'NOT_JSON', 'not JSON');
  c('truncated-last-byte', whole.slice(0, -1), 'NOT_JSON', 'not JSON');
  const withEmoji = json(edit(good, P.text, 'cut here 😀'));
  const cut = Buffer.from(withEmoji).subarray(0, Buffer.from(withEmoji).indexOf(Buffer.from('😀')));
  c('truncated-mid-utf8', Buffer.concat([cut, EMOJI_CUT]), 'INVALID', 'UTF-8');
  // A lone low surrogate written as raw bytes (ED B8 80), as a WTF-8 producer would.
  const at = whole.indexOf('perfectly');
  c(
    'raw-lone-surrogate-bytes',
    Buffer.concat([
      Buffer.from(whole.slice(0, at)),
      Buffer.from([0xed, 0xb8, 0x80]),
      Buffer.from(whole.slice(at)),
    ]),
    'INVALID',
    'UTF-8',
  );

  // Missing fields.
  // X v1.1 falls back to the numeric id, Reddit to kind + id: both must go.
  const noId =
    f === 'x-v1'
      ? edit(edit(good, ['id'], undefined), ['id_str'], undefined)
      : f === 'reddit'
        ? edit(edit(good, ['data', 'id'], undefined), ['data', 'name'], undefined)
        : edit(good, P.id, undefined);
  c('missing-id', noId, 'MISSING_FIELD', missing);
  c(
    'missing-text',
    edit(good, P.text, undefined),
    'MISSING_FIELD',
    f === 'x-v1' ? 'text is missing' : `${field(f, 'text')} is missing`,
  );
  // An X v2 snowflake id carries its date: only an id from before November 2010 leaves none.
  c(
    'missing-date',
    f === 'x-v2' ? edit(edit(good, P.date, undefined), P.id, '20') : edit(good, P.date, undefined),
    'MISSING_FIELD',
    `${field(f, 'date')} is missing`,
  );
  c('null-author', edit(good, P.author, null), 'MISSING_FIELD', `${field(f, 'author')} is missing`);
  // Dated ahead of every clock: it would be the newest post for as long as its date is ahead.
  c(
    'date-in-2099',
    edit(
      good,
      P.date,
      f === 'x-v1'
        ? 'Thu Jan 01 00:00:00 +0000 2099'
        : f === 'reddit'
          ? 4_070_908_800
          : '2099-01-01T00:00:00Z',
    ),
    'INVALID',
    'min in the future',
  );

  // Wrong types.
  c(
    'text-number',
    edit(good, P.text, 12345),
    'INVALID',
    `${field(f, 'text')}: Invalid input: expected string, received number`,
  );
  c(
    'text-array',
    edit(good, P.text, ['a', 'b']),
    'INVALID',
    `${field(f, 'text')}: Invalid input: expected string, received array`,
  );
  c(
    'text-object-deep',
    whole.replace('"A perfectly fine post #Fine"', nested(10_000, '"x"', 't')),
    'INVALID',
    `${field(f, 'text')}: Invalid input: expected string, received object`,
  );
  // Reddit dates are epoch seconds: a number is right there, a string is the wrong type.
  if (f === 'reddit') {
    c(
      'date-numeric-string',
      edit(good, P.date, '1732184500'),
      'INVALID',
      'data.created_utc: Invalid input: expected number, received string',
    );
  } else {
    c(
      'date-number',
      edit(good, P.date, 1_732_184_500),
      'INVALID',
      `${field(f, 'date')}: Invalid input: expected string, received number`,
    );
  }
  c(
    'date-words',
    edit(good, P.date, 'yesterday'),
    'INVALID',
    f === 'post'
      ? 'createdAt'
      : f === 'reddit'
        ? 'data.created_utc: Invalid input: expected number'
        : 'is not a valid date',
  );
  c(
    'date-impossible',
    edit(
      good,
      P.date,
      f === 'x-v1'
        ? 'Mon Feb 30 10:00:00 +0000 2026'
        : f === 'reddit'
          ? 1e300
          : '2026-02-30T10:00:00Z',
    ),
    'INVALID',
    f === 'post' ? 'createdAt' : f === 'reddit' ? 'is not a valid time' : 'is not a valid date',
  );
  c(
    'id-wrong-type',
    edit(good, P.id, f === 'x-v1' ? 1234 : f === 'post' ? 1234 : true),
    'INVALID',
    `${field(f, 'id')}: Invalid input: expected string`,
  );

  // Empty and oversized texts.
  c('text-empty', edit(good, P.text, ''), 'INVALID', f === 'post' ? 'text: Too small' : 'is empty');
  c('text-whitespace', edit(good, P.text, ' \t\n\u00a0\u3000 '), 'INVALID', 'is empty');
  c(
    'text-zero-width-only',
    edit(good, P.text, '\u200b\u200c\u200d\u2060\ufeff\u200e\u200f'),
    'INVALID',
    'is empty',
  );
  c(
    'text-10001-chars',
    json(edit(good, P.text, '')).replace(
      `"${field(f, 'text').split('.').pop()}":""`,
      `"${field(f, 'text').split('.').pop()}":"${big('a', 10_001)}"`,
    ),
    'INVALID',
    f === 'post' ? 'text: Too big' : 'longer than 10000 characters',
  );
  add(
    `${f}/text-1mb`,
    f,
    json(edit(good, P.text, big('x', 1_000_000))),
    dlq('OVERSIZED', 'the limit is 102400'),
  );
  add(
    `${f}/text-200kb-emoji`,
    f,
    json(edit(good, P.text, big('👩🏽‍🚀', 13_000))),
    dlq('OVERSIZED', 'the limit is 102400'),
  );
}

// Ids beyond 2^53, as numbers and as strings, per format.
{
  const s: Spec = { serial: 'bigid-v1-num', text: 'numeric id only #BigId', tags: ['BigId'] };
  const v1 = edit(render('x-v1', s), ['id_str'], undefined);
  add(
    'x-v1/id-number-beyond-2^53-no-id_str',
    'x-v1',
    json(v1).replace(/"id":\d+/, '"id":1858734981753110530'),
    dlq('INVALID', 'beyond 2^53'),
  );
  const u = edit(render('x-v1', { ...s, serial: 'bigid-v1-user' }), ['user'], {
    id: 0,
    screen_name: 'x',
  });
  add(
    'x-v1/user-id-number-beyond-2^53',
    'x-v1',
    json(u).replace('"id":0', '"id":18446744073709551615'),
    dlq('INVALID', 'user.id 18446744073709552000 is beyond 2^53'),
  );
  add(
    'x-v1/id_str-21-digits',
    'x-v1',
    json(edit(render('x-v1', s), ['id_str'], '184467440737095516150')),
    dlq('INVALID', 'id_str: must be a decimal id string'),
  );
  add(
    'x-v1/id_str-not-digits',
    'x-v1',
    json(edit(render('x-v1', s), ['id_str'], '12e3')),
    dlq('INVALID', 'id_str: must be a decimal id string'),
  );
  add(
    'x-v1/id_str-negative',
    'x-v1',
    json(edit(render('x-v1', s), ['id_str'], '-5')),
    dlq('INVALID', 'id_str: must be a decimal id string'),
  );
  add(
    'x-v2/id-number-beyond-2^53',
    'x-v2',
    json(render('x-v2', s)).replace(/"id":"(\d+)"/, '"id":$1'),
    dlq('INVALID', 'data.id: Invalid input: expected string, received number'),
  );
  add(
    'x-v2/author-id-number',
    'x-v2',
    json(render('x-v2', s)).replace('"author_id":"777002"', '"author_id":777002'),
    dlq('INVALID', 'data.author_id'),
  );
  add(
    'post/id-number-beyond-2^53',
    'post',
    json(render('post', s)).replace('"id":"post:bad-bigid-v1-num"', '"id":9007199254740993'),
    dlq('INVALID', 'id: Invalid input: expected string, received number'),
  );
  add(
    'bsky-jetstream/time_us-beyond-2^53',
    'bsky-jetstream',
    json(render('bsky-jetstream', s)).replace(/"time_us":\d+/, '"time_us":90071992547409930'),
    dlq('INVALID', 'time_us'),
  );
}

// Format-specific defects and events that carry no post.
const v1 = render('x-v1', { serial: 'v1-misc', text: 'misc #Misc', tags: ['Misc'] });
add(
  // A delete notice takes its post back (tests/unit/ingest/retractions.test.ts); without an
  // exact id (id_str) it names no post and is only an unsupported stream message.
  'x-v1/delete-notice-without-id-str',
  'x-v1',
  json({ delete: { status: { id: 1, user_id: 2, user_id_str: '2' } } }),
  dlq('UNSUPPORTED_EVENT', '"delete" stream message'),
);
add(
  'x-v1/limit-notice',
  'x-v1',
  json({ limit: { track: 1234, timestamp_ms: '1732184500000' } }),
  dlq('UNSUPPORTED_EVENT', '"limit" stream message'),
);
add(
  'x-v1/retweet-without-text',
  'x-v1',
  json(edit(v1, ['retweeted_status'], { lang: 'en' })),
  dlq('MISSING_FIELD', 'retweeted_status.text is missing'),
);
add(
  'x-v1/bbox-latitude-200',
  'x-v1',
  json(
    edit(
      render('x-v1', {
        serial: 'v1-bbox',
        text: 'far north #Geo',
        tags: ['Geo'],
        place: {
          id: 'bad0001',
          name: 'Nowhere',
          country: 'Nowhere',
          countryCode: 'XX',
          bbox: [10, 10, 11, 200],
        },
      }),
      ['coordinates'],
      null,
    ),
  ),
  dlq('INVALID', 'place.bounding_box.coordinates'),
);
add(
  'x-v1/point-as-string',
  'x-v1',
  json(edit(v1, ['coordinates'], { type: 'Point', coordinates: '13.4,52.5' })),
  dlq('INVALID', 'coordinates.coordinates'),
);
add(
  'x-v1/user-string',
  'x-v1',
  json(edit(v1, ['user'], 'bad_input')),
  dlq('INVALID', 'user: Invalid input: expected object, received string'),
);
add(
  'x-v1/entities-hashtags-object',
  'x-v1',
  json(edit(v1, ['entities', 'hashtags'], { text: 'Misc' })),
  dlq('INVALID', 'entities.hashtags'),
);
const v2 = render('x-v2', { serial: 'v2-misc', text: 'misc #Misc', tags: ['Misc'] });
add(
  'x-v2/errors-only',
  'x-v2',
  json({
    errors: [
      {
        title: 'operational-disconnect',
        type: 'https://api.twitter.com/2/problems/operational-disconnect',
      },
    ],
  }),
  dlq('UNSUPPORTED_EVENT', 'carries errors and no post'),
);
add(
  'x-v2/data-array',
  'x-v2',
  json({ data: [v2.data], includes: v2.includes }),
  dlq('UNKNOWN_SHAPE', 'keys: data, includes'),
);
add(
  'x-v2/author-id-letters',
  'x-v2',
  json(edit(v2, ['data', 'author_id'], 'abc')),
  dlq('INVALID', 'data.author_id: must be a decimal id string'),
);
add(
  'x-v2/geo-point-out-of-range',
  'x-v2',
  json(edit(v2, ['data', 'geo'], { coordinates: { type: 'Point', coordinates: [-200, 95] } })),
  dlq('INVALID', 'data.geo.coordinates.coordinates'),
);
add(
  'x-v2/includes-users-object',
  'x-v2',
  json(edit(v2, ['includes', 'users'], { id: '777002' })),
  dlq('INVALID', 'includes.users'),
);
const bs = render('bsky-jetstream', { serial: 'bsky-misc', text: 'misc #Misc', tags: ['Misc'] });
add(
  'bsky-jetstream/identity-event',
  'bsky-jetstream',
  json({ did: DID, time_us: 1, kind: 'identity', identity: { did: DID, handle: 'x.bsky.social' } }),
  dlq('UNSUPPORTED_EVENT', 'kind "identity" is not a commit'),
);
add(
  'bsky-jetstream/delete-bad-rkey',
  'bsky-jetstream',
  json(edit(edit(bs, ['commit', 'operation'], 'delete'), ['commit', 'rkey'], 'no/such key')),
  dlq('UNSUPPORTED_EVENT', 'operation "delete" is not create or update'),
);
add(
  'bsky-jetstream/like',
  'bsky-jetstream',
  json(edit(bs, ['commit', 'collection'], 'app.bsky.feed.like')),
  dlq('UNSUPPORTED_EVENT', 'collection "app.bsky.feed.like"'),
);
add(
  'bsky-jetstream/kind-object',
  'bsky-jetstream',
  json(edit(bs, ['kind'], { toString: 1, valueOf: 2 })),
  dlq('UNSUPPORTED_EVENT', 'kind "(object)" is not a commit'),
);
add(
  'bsky-jetstream/kind-deep-object',
  'bsky-jetstream',
  json(bs).replace('"kind":"commit"', `"kind":${nested(10_000, '1', 'k')}`),
  dlq('UNSUPPORTED_EVENT', 'kind "(object)" is not a commit'),
);
add(
  'bsky-jetstream/did-not-a-did',
  'bsky-jetstream',
  json(edit(bs, ['did'], 'not-a-did')),
  dlq('INVALID', 'did: must be a DID'),
);
add(
  'bsky-jetstream/did-injection',
  'bsky-jetstream',
  json(edit(bs, ['did'], "did:plc:x' OR '1'='1")),
  dlq('INVALID', 'did: must be a DID'),
);
add(
  'bsky-jetstream/rkey-path-traversal',
  'bsky-jetstream',
  json(edit(bs, ['commit', 'rkey'], '../../etc/passwd')),
  dlq('INVALID', 'commit.rkey: must be a record key'),
);
add(
  'bsky-jetstream/facets-not-array',
  'bsky-jetstream',
  json(edit(bs, ['commit', 'record', 'facets'], 'Misc')),
  dlq('INVALID', 'commit.record.facets'),
);
const rd = render('reddit', { serial: 'reddit-misc', text: 'misc #Misc' });
const rdData = rd.data as Obj;
add(
  'reddit/listing-page',
  'reddit',
  json({ kind: 'Listing', data: { after: null, dist: 1, children: [rd], before: null } }),
  dlq('INVALID', 'a Listing page (1 things) is not one post'),
);
add(
  'reddit/subreddit-thing',
  'reddit',
  json({ kind: 't5', data: { display_name: SUBREDDIT, name: 't5_badin' } }),
  dlq('UNSUPPORTED_EVENT', 'kind t5 (a subreddit) carries no post'),
);
add(
  'reddit/more-comments-stub',
  'reddit',
  json({ kind: 'more', data: { count: 3, name: 't1__', children: ['abc', 'def'] } }),
  dlq('UNSUPPORTED_EVENT', 'kind more'),
);
add(
  'reddit/data-array',
  'reddit',
  json({ kind: 't1', data: [rdData] }),
  dlq('INVALID', 'data must be an object'),
);
add(
  'reddit/name-of-a-submission',
  'reddit',
  json(edit(rd, ['data', 'name'], 't3_badpost')),
  dlq('INVALID', 'data.name: must be a t1 fullname'),
);
add(
  'reddit/name-path-traversal',
  'reddit',
  json(edit(rd, ['data', 'name'], 't1_../../x')),
  dlq('INVALID', 'data.name: must be a t1 fullname'),
);
add(
  'reddit/subreddit-path-traversal',
  'reddit',
  json(edit(rd, ['data', 'subreddit'], 'aws/../../admin')),
  dlq('INVALID', 'data.subreddit: must be a subreddit name'),
);
add(
  'reddit/author-fullname-injection',
  'reddit',
  json(edit(rd, ['data', 'author_fullname'], "t2_x' OR '1'='1")),
  dlq('INVALID', 'data.author_fullname: must be an account fullname'),
);
add(
  'reddit/created-utc-infinite',
  'reddit',
  json(rd).replace(/"created_utc":[0-9.]+/, '"created_utc":1e400'),
  dlq('INVALID', 'data.created_utc'),
);
add(
  'reddit/created-utc-negative',
  'reddit',
  json(edit(rd, ['data', 'created_utc'], -1)),
  dlq('INVALID', 'data.created_utc -1 is not a valid time'),
);
// A removed thing whose id cannot be trusted names no post to take back: it is checked as a post.
add(
  'reddit/removed-with-bad-name',
  'reddit',
  json(edit(edit(rd, ['data', 'body'], '[removed]'), ['data', 'name'], 'x')),
  dlq('INVALID', 'data.name: must be a t1 fullname'),
);
{
  // A permalink that could leave reddit.com is not followed: the link is built from the ids.
  const spec: Spec = { serial: 'reddit-permalink-js', text: 'bad permalink #Link' };
  const id = redditId(spec.serial);
  add(
    'reddit/stored/permalink-javascript',
    'reddit',
    json(edit(render('reddit', spec), ['data', 'permalink'], 'javascript:alert(1)//')),
    {
      post: expectedPost('reddit', spec, ['link'], {
        url: `https://www.reddit.com/comments/${REDDIT_LINK}/_/${id}/`,
      }),
    },
  );
  // An account deleted after it wrote: the comment stays, without an author.
  const gone: Spec = { serial: 'reddit-author-deleted', text: 'orphaned comment #Orphan' };
  add(
    'reddit/stored/author-deleted',
    'reddit',
    json(
      edit(
        edit(render('reddit', gone), ['data', 'author'], '[deleted]'),
        ['data', 'author_fullname'],
        undefined,
      ),
    ),
    {
      post: expectedPost('reddit', gone, ['orphan'], {
        authorId: undefined,
        url: redditUrl(gone.serial),
      }),
    },
  );
}
const pj = render('post', { serial: 'post-misc', text: 'misc #Misc', tags: ['Misc'] });
add('post/source-unknown', 'post', json(edit(pj, ['source'], 'myspace')), dlq('INVALID', 'source'));
add(
  'post/hashtags-strings',
  'post',
  json(edit(pj, ['hashtags'], ['Misc'])),
  dlq('INVALID', 'hashtags[0]'),
);
add(
  'post/cashtag-lowercase',
  'post',
  json(edit(pj, ['cashtags'], ['$aapl'])),
  dlq('INVALID', 'cashtags[0]'),
);
add('post/id-too-short', 'post', json(edit(pj, ['id'], 'ab')), dlq('INVALID', 'id: Too small'));
add(
  'post/id-control-char',
  'post',
  json(edit(pj, ['id'], 'post:bad-\u0000nul')),
  dlq('INVALID', 'id holds control characters or lone surrogates'),
);
add(
  'post/id-lone-surrogate',
  'post',
  json(edit(pj, ['id'], 'post:bad-\ud800')),
  dlq('INVALID', 'id holds control characters or lone surrogates'),
);
// Trust in ids: a Post JSON record cannot take a network's id or name a network as its source.
add(
  'post/claims-x-id-and-source',
  'post',
  json(edit(edit(pj, ['id'], 'x:1859542439660987333'), ['source'], 'x')),
  dlq('INVALID', 'post: source "x" is for its own formats'),
);
add(
  'post/claims-x-id',
  'post',
  json(edit(pj, ['id'], 'x:1859542439660987333')),
  dlq('INVALID', 'is in the x: namespace'),
);
add(
  'post/claims-bsky-id',
  'post',
  json(edit(pj, ['id'], 'bsky:at://did:plc:abc/app.bsky.feed.post/3l')),
  dlq('INVALID', 'is in the bsky: namespace'),
);
add(
  'post/claims-bsky-source',
  'post',
  json(edit(pj, ['source'], 'bsky')),
  dlq('INVALID', 'post: source "bsky" is for its own formats'),
);
add(
  'post/claims-reddit-id',
  'post',
  json(edit(pj, ['id'], 'reddit:t3_1gwcx0a')),
  dlq('INVALID', 'is in the reddit: namespace'),
);
add(
  'post/claims-reddit-source',
  'post',
  json(edit(pj, ['source'], 'reddit')),
  dlq('INVALID', 'post: source "reddit" is for its own formats'),
);
add(
  'post/replay-claims-post-id',
  'post',
  json(edit(pj, ['source'], 'replay')),
  dlq('INVALID', 'is in the post: namespace; a Post JSON id starts with replay:'),
);
add(
  'post/bbox-1e300',
  'post',
  json(edit(pj, ['place'], { id: 'bad:huge', name: 'Huge', bbox: [1e300, 0, 1, 1] })),
  dlq('INVALID', 'place.bbox must be'),
);
add(
  'post/lat-out-of-range',
  'post',
  json(edit(pj, ['place'], { id: 'bad:pole', name: 'Pole', lat: 91, lon: 0 })),
  dlq('INVALID', 'place.lat'),
);
add(
  'post/is-retweet-string',
  'post',
  json(edit(pj, ['isRetweet'], 'false')),
  dlq('INVALID', 'isRetweet'),
);
add(
  'post/hashtag-key-141',
  'post',
  json(edit(pj, ['hashtags'], [{ key: 'b'.repeat(141), display: 'b'.repeat(141) }])),
  dlq('INVALID', 'hashtags[0].key: Too big'),
);
add(
  'post/101-hashtags',
  'post',
  json(
    edit(
      pj,
      ['hashtags'],
      Array.from({ length: 101 }, (_, i) => ({ key: `t${i}`, display: `T${i}` })),
    ),
  ),
  dlq('INVALID', 'hashtags: Too big'),
);
add(
  'post/offset-date-no-seconds',
  'post',
  json(edit(pj, ['createdAt'], '2026-11-20 12:34')),
  dlq('INVALID', 'createdAt'),
);

// 4. Valid but nasty: each must be stored, its text exactly as written (after X's entity
// decoding) and its hashtag keys as the domain defines them (NFKC, lower-cased, deduped).
interface Nasty {
  name: string;
  text: string;
  tags?: string[];
  cashtags?: string[];
  /** Expected keys; defaults to the tags lower-cased. */
  keys?: string[];
  /** Reddit has no tag fields: the keys its text holds, when they differ from `keys`. */
  redditKeys?: string[];
  /** Reddit's displays after its subreddit's, when they differ from `displays`. */
  redditDisplays?: string[];
  displays?: string[];
  /** Expected text when it differs from `text` (lone surrogates become U+FFFD). */
  stored?: string;
  place?: Place;
  lang?: string;
  /** Expected lang when it differs. */
  storedLang?: string | null;
  formats?: Wire[];
  /** Cashtags a Jetstream post reads from its text (X and Post JSON take them from fields). */
  textCashtags?: string[];
  /** The text starts with `unit` repeated `times` times (kept out of the committed file). */
  fill?: [unit: string, times: number];
}
const BERLIN: Place = {
  id: 'bad-berlin',
  name: 'Berlin',
  country: 'Germany',
  countryCode: 'DE',
  bbox: [13.08, 52.33, 13.76, 52.67],
};
const NASTY: Nasty[] = [
  { name: 'emoji-zwj-family', text: 'Family 👨‍👩‍👧‍👦 and astronaut 👩🏽‍🚀 #Family', tags: ['Family'] },
  { name: 'emoji-flags', text: 'Flags 🇺🇦 🇯🇵 🏴󠁧󠁢󠁳󠁣󠁴󠁿 🏳️‍🌈 #Flags', tags: ['Flags'] },
  { name: 'emoji-skin-tones', text: '👍🏻👍🏼👍🏽👍🏾👍🏿 #Thanks', tags: ['Thanks'] },
  { name: 'emoji-only', text: '🔥🔥🔥', tags: [] },
  { name: 'emoji-keycaps-variation', text: '1️⃣ 2️⃣ #️⃣ ❤️ ❤︎ #Keycaps', tags: ['Keycaps'] },
  { name: 'rtl-arabic', text: 'مرحبا بالعالم #مرحبا', tags: ['مرحبا'], lang: 'ar' },
  {
    name: 'rtl-hebrew-override',
    text: 'שלום \u202Eevil.exe\u202C \u200F#שלום',
    tags: ['שלום'],
    lang: 'he',
  },
  { name: 'rtl-isolates', text: '\u2067عربي\u2069 and \u2066English\u2069 #Bidi', tags: ['Bidi'] },
  {
    name: 'zero-width-inside-words',
    text: 'pass\u200Bword sec\u200Dret \uFEFFbom #Zero',
    tags: ['Zero'],
  },
  {
    name: 'persian-zwnj-tag',
    text: 'سلام #می\u200Cخواهم',
    tags: ['می\u200Cخواهم'],
    // The joiner shapes the letters; the key, like a reader, does not tell it apart.
    keys: ['میخواهم'],
    lang: 'fa',
  },
  // One tag, one counter: invisible characters and look-alike letters in a tag.
  {
    name: 'tag-variants-invisible',
    text: 'same tag #aws #aws\u200B #a\u00ADws #aws\uFE0F #aws\u200D',
    // In the text the soft hyphen ends a tag: '#a\u00ADws' is '#a'.
    redditKeys: ['aws', 'a'],
    redditDisplays: ['aws', 'a'],
    tags: ['aws', 'aws\u200B', 'a\u00ADws', 'aws\uFE0F', 'aws\u200D'],
    keys: ['aws'],
    displays: ['aws'],
  },
  {
    name: 'tag-variant-bidi-controls',
    text: 'bidi #\u202Baws\u202C and #\u2066cloud\u2069',
    // A control right after '#' leaves no tag in the text.
    redditKeys: [],
    tags: ['\u202Baws\u202C', '\u2066cloud\u2069'],
    keys: ['aws', 'cloud'],
  },
  {
    name: 'tag-variant-cyrillic-lookalike',
    text: 'spoof #\u0430ws and #\u0455erverless',
    tags: ['\u0430ws', '\u0455erverless'],
    keys: ['aws', 'serverless'],
  },
  {
    name: 'tag-single-script-cyrillic',
    text: 'real Russian #орр stays',
    tags: ['орр'],
    keys: ['орр'],
    lang: 'ru',
  },
  {
    name: 'lone-high-surrogate',
    text: 'cut emoji \ud83d #Cut',
    tags: ['Cut'],
    stored: 'cut emoji \uFFFD #Cut',
  },
  {
    name: 'lone-low-surrogate',
    text: '\ude00 starts badly #Low',
    tags: ['Low'],
    stored: '\uFFFD starts badly #Low',
  },
  {
    name: 'reversed-surrogates',
    text: 'swap \ude00\ud83d end #Swap',
    tags: ['Swap'],
    stored: 'swap \uFFFD\uFFFD end #Swap',
  },
  {
    name: 'surrogate-tags-collide',
    text: 'two tags #a #b',
    redditKeys: ['a', 'b'],
    redditDisplays: ['a', 'b'],
    tags: ['\ud800tag', '\ud801tag'],
    keys: ['\uFFFDtag'],
    displays: ['\uFFFDtag'],
  },
  { name: 'html-script', text: '<script>alert("xss")</script> #XSS', tags: ['XSS'] },
  { name: 'html-img-onerror', text: '<img src=x onerror=alert(1)> &lt;b&gt; #Img', tags: ['Img'] },
  { name: 'html-entities-literal', text: 'AT&T &amp; friends &#x3C;3 #ATT', tags: ['ATT'] },
  {
    name: 'javascript-url',
    text: 'click javascript:alert(1) or data:text/html,<b>x</b> #Click',
    tags: ['Click'],
  },
  { name: 'sql-drop', text: "Robert'); DROP TABLE Posts;-- #BobbyTables", tags: ['BobbyTables'] },
  {
    name: 'sql-union',
    text: "' UNION SELECT password FROM users WHERE '1'='1 #SQL",
    tags: ['SQL'],
  },
  // Bluesky has no cashtag facets: "$gt" and "$where" in its text read as cashtags, as on X.
  {
    name: 'nosql-operators',
    text: '{"$gt": ""} {"$where": "sleep(1000)"} #NoSQL',
    tags: ['NoSQL'],
    textCashtags: ['$GT', '$WHERE'],
  },
  {
    name: 'dynamodb-expression',
    text: 'SET #a = :v REMOVE pk ADD mentions :one #Expr',
    tags: ['Expr'],
    redditKeys: ['a', 'expr'],
  },
  {
    name: 'template-injection',
    text: '{{constructor.constructor("alert(1)")()}} ${7*7} #Tmpl',
    tags: ['Tmpl'],
  },
  {
    name: 'hashtag-html-display',
    text: 'tag with markup',
    tags: ['<b>bold</b>', '"><svg/onload=alert(1)>'],
    keys: ['<b>bold</b>', '"><svg/onload=alert(1)>'],
    formats: ['x-v1', 'x-v2', 'bsky-jetstream', 'post'],
  },
  {
    name: 'hashtag-sql-display',
    text: 'tag with sql',
    redditKeys: [],
    tags: ["x'--", 'TAG#ALL'],
    keys: ["x'--", 'tag#all'],
  },
  {
    name: 'hashtag-whitespace-dropped',
    text: 'tag with spaces',
    tags: [' ', 'two words', 'tab\there', 'ok'],
    keys: ['ok'],
    displays: ['ok'],
    formats: ['x-v1', 'x-v2', 'bsky-jetstream', 'post'],
  },
  {
    name: 'hashtag-zero-width-only-dropped',
    text: 'invisible tag',
    redditKeys: [],
    redditDisplays: [],
    tags: ['\u200b\u200d', 'Seen'],
    keys: ['seen'],
    displays: ['Seen'],
  },
  {
    name: 'hashtag-fullwidth',
    text: '＃ＡＷＳ rocks',
    tags: ['ＡＷＳ', 'aws', 'Aws'],
    keys: ['aws'],
    displays: ['ＡＷＳ'],
  },
  {
    name: 'hashtag-turkish-dotted-i',
    text: 'İstanbul #İstanbul',
    redditKeys: ['\u0069\u0307stanbul'],
    tags: ['İstanbul', 'ISTANBUL'],
    keys: ['\u0069\u0307stanbul', 'istanbul'],
  },
  {
    name: 'hashtag-sharp-s',
    text: 'Straße #Straße #STRASSE',
    tags: ['Straße', 'STRASSE'],
    keys: ['straße', 'strasse'],
  },
  // Post JSON refuses the 141-character key in its schema (a case of its own below).
  {
    name: 'hashtag-140-and-141',
    text: 'long tags',
    tags: ['a'.repeat(140), 'b'.repeat(141)],
    keys: ['a'.repeat(140)],
    formats: ['x-v1', 'x-v2', 'bsky-jetstream'],
  },
  {
    name: 'hashtag-mixed-case-dupes',
    text: '#AWS #aws #Aws #aWs',
    tags: ['AWS', 'aws', 'Aws', 'aWs'],
    keys: ['aws'],
    displays: ['AWS'],
  },
  {
    name: 'extract-from-text',
    text: 'No entities: #Alpha, #beta! #1 #γάμμα #日本語 x#notatag https://e.com/#frag',
    keys: ['alpha', 'beta', 'γάμμα', '日本語'],
    formats: ['x-v1', 'x-v2', 'bsky-jetstream'],
  },
  {
    name: 'cashtags',
    text: '$AAPL up, $brk.b flat #Stocks',
    tags: ['Stocks'],
    cashtags: ['AAPL', 'brk.b'],
  },
  { name: 'zalgo', text: 'Z̸̢̛̗̈́a̷̧̛̤͌l̶̢̬͑g̸̱̈́o̵̧͝ #Zalgo', tags: ['Zalgo'] },
  {
    name: 'control-characters',
    text: 'bell\u0007 nul\u0000 esc\u001b[31m red #Ctrl',
    tags: ['Ctrl'],
  },
  { name: 'noncharacters', text: 'nonchars \uFFFE \uFFFF \u{10FFFF} #NonChar', tags: ['NonChar'] },
  { name: 'line-separators', text: 'line\u2028para\u2029crlf\r\nend #Lines', tags: ['Lines'] },
  { name: 'max-length-text', fill: ['ß', 9_990], text: ' #MaxLen1', tags: ['MaxLen1'] },
  { name: 'max-length-emoji', fill: ['😀', 4_995], text: ' #Max', tags: ['Max'] },
  {
    name: 'place-html-sql',
    text: 'from a nasty place #Geo',
    tags: ['Geo'],
    place: {
      id: 'bad-place-1',
      name: '<script>alert(1)</script>',
      country: "'; DROP TABLE places;--",
      countryCode: 'XS',
      bbox: [2.2, 48.8, 2.4, 48.9],
    },
  },
  {
    name: 'place-rtl-emoji',
    text: 'from a strange place #Geo',
    tags: ['Geo'],
    place: {
      id: 'bad-place-2',
      name: '\u202Eسیتی 🏙️',
      country: 'Iran',
      countryCode: 'IR',
      bbox: [51.2, 35.5, 51.6, 35.8],
    },
  },
  {
    name: 'place-antimeridian',
    text: 'Fiji crosses the line #Fiji',
    tags: ['Fiji'],
    place: {
      id: 'bad-fiji',
      name: 'Fiji',
      country: 'Fiji',
      countryCode: 'FJ',
      bbox: [177, -21, -178, -12],
    },
  },
  { name: 'place-plain', text: 'Berlin baseline #Berlin', tags: ['Berlin'], place: BERLIN },
  { name: 'lang-und', text: 'undetermined #Und', tags: ['Und'], lang: 'und', storedLang: null },
  { name: 'lang-legacy-iw', text: 'legacy code #Iw', tags: ['Iw'], lang: 'iw', storedLang: 'he' },
  {
    name: 'lang-script-tag',
    text: 'script subtag #Zh',
    tags: ['Zh'],
    lang: 'zh-Hant-TW',
    storedLang: 'zh',
  },
];

for (const n of NASTY) {
  for (const f of n.formats ?? FORMATS) {
    // Bluesky tags are facets: a display with whitespace is kept by the protocol, but is not a tag.
    const lead = n.fill ? n.fill[0].repeat(n.fill[1]) : '';
    const spec: Spec = {
      serial: `${n.name}-${f}`,
      text: n.fill ? `${big(n.fill[0], n.fill[1])}${n.text}` : n.text,
      tags: n.tags,
      cashtags: n.cashtags,
      lang: n.lang,
      place: n.place,
    };
    const keys =
      (f === 'reddit' ? n.redditKeys : undefined) ??
      n.keys ??
      (n.tags ?? []).map((t) => t.toLowerCase());
    const isX = f === 'x-v1' || f === 'x-v2';
    const over: Partial<ExpectedPost> = {
      text: n.stored ?? `${lead}${n.text}`,
      ...(f !== 'reddit' && n.displays ? { displays: n.displays } : {}),
      ...(f === 'reddit' && (n.redditDisplays ?? n.displays)
        ? { displays: [`r/${SUBREDDIT}`, ...(n.redditDisplays ?? n.displays ?? [])] }
        : {}),
      ...(n.storedLang !== undefined ? { lang: n.storedLang } : {}),
      // Cashtags come from X entities; Bluesky has none and reads them from the text.
      ...(f === 'bsky-jetstream' && n.cashtags ? { cashtags: ['$AAPL', '$BRK.B'] } : {}),
      ...(f === 'bsky-jetstream' && n.textCashtags ? { cashtags: n.textCashtags } : {}),
      // Reddit reads both from the text too, and knows no language.
      ...(f === 'reddit' ? { lang: null } : {}),
      ...(f === 'reddit' && n.cashtags ? { cashtags: ['$AAPL', '$BRK.B'] } : {}),
      ...(f === 'reddit' && n.textCashtags ? { cashtags: n.textCashtags } : {}),
      url: isX
        ? `https://x.com/${f === 'x-v1' ? 'bad_input' : 'bad_input_v2'}/status/${xId(spec.serial)}`
        : f === 'bsky-jetstream'
          ? `https://bsky.app/profile/${DID}/post/${rkey(spec.serial)}`
          : f === 'reddit'
            ? redditUrl(spec.serial)
            : null,
    };
    const post = expectedPost(f, spec, keys, over);
    if ((post.text ?? '').length > 200) {
      const t = post.text ?? '';
      delete post.text;
      post.textLength = t.length;
      post.textSha256 = sha256(t);
    }
    add(`${f}/stored/${n.name}`, f, json(render(f, spec)), { post });
  }
}

// Records valid only once their extra baggage is ignored.
{
  const base = (f: Wire, name: string): [Spec, Obj] => {
    const spec: Spec = { serial: `${name}-${f}`, text: `baggage ${name} #Bag`, tags: ['Bag'] };
    return [spec, render(f, spec)];
  };
  for (const f of FORMATS) {
    const url = (s: Spec) =>
      f === 'x-v1'
        ? `https://x.com/bad_input/status/${xId(s.serial)}`
        : f === 'x-v2'
          ? `https://x.com/bad_input_v2/status/${xId(s.serial)}`
          : f === 'bsky-jetstream'
            ? `https://bsky.app/profile/${DID}/post/${rkey(s.serial)}`
            : f === 'reddit'
              ? redditUrl(s.serial)
              : null;
    const ok = (s: Spec) => ({ post: expectedPost(f, s, ['bag'], { url: url(s) }) });
    let [s, o] = base(f, 'bom');
    add(`${f}/stored/utf8-bom`, f, `\ufeff${json(o)}`, ok(s));
    [s, o] = base(f, 'deep-extra');
    const j = json(o);
    add(`${f}/stored/deep-unknown-field`, f, `{"zzz":${nested(12_000)},${j.slice(1)}`, ok(s));
    [s, o] = base(f, 'proto');
    add(
      `${f}/stored/proto-constructor-keys`,
      f,
      `{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},${json(o).slice(1)}`,
      ok(s),
    );
    [s, o] = base(f, 'dupkey');
    // Duplicate keys: JSON.parse keeps the last one, like every mainstream parser.
    add(
      `${f}/stored/duplicate-key-last-wins`,
      f,
      `{"__dup":1,${json(o).slice(1, -1)},"__dup":2}`,
      ok(s),
    );
    [s, o] = base(f, 'pretty');
    add(
      `${f}/stored/pretty-printed-crlf`,
      f,
      JSON.stringify(o, null, '\t').replace(/\n/g, '\r\n'),
      ok(s),
    );
    [s, o] = base(f, 'escaped');
    // Every letter inside every string (keys too) as a \\u escape: still the same JSON.
    const escaped = json(o).replace(/"[^"\\]*"/g, (str) =>
      str.replace(/[a-z]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`),
    );
    add(`${f}/stored/all-letters-escaped`, f, escaped, ok(s));
  }
  // X's v1.1 ids: id_str wins over the numeric id, which JSON.parse has already rounded.
  const s: Spec = { serial: 'bigid-max', text: 'max uint64 id #BigId', tags: ['BigId'] };
  const o = render('x-v1', s);
  const maxId = '18446744073709551615';
  add(
    'x-v1/stored/id_str-max-uint64',
    'x-v1',
    json({ ...o, id: 0, id_str: maxId }).replace('"id":0', `"id":${maxId}`),
    {
      post: expectedPost('x-v1', s, ['bigid'], {
        id: `x:${maxId}`,
        url: `https://x.com/bad_input/status/${maxId}`,
      }),
    },
  );
  const s2: Spec = { serial: 'bigid-v2', text: 'big v2 id #BigId', tags: ['BigId'] };
  const o2 = render('x-v2', s2);
  add('x-v2/stored/id-19-digits', 'x-v2', json(edit(o2, ['data', 'id'], '9223372036854775807')), {
    post: expectedPost('x-v2', s2, ['bigid'], {
      id: 'x:9223372036854775807',
      url: 'https://x.com/bad_input_v2/status/9223372036854775807',
    }),
  });
  const s3: Spec = {
    serial: '9007199254740993',
    text: 'post id beyond 2^53 as a string #BigId',
    tags: ['BigId'],
  };
  add('post/stored/id-string-beyond-2^53', 'post', json(render('post', s3)), {
    post: expectedPost('post', s3, ['bigid'], { url: null }),
  });
  // Post JSON: links a reader could click only if they are http(s); coordinates DynamoDB can hold.
  const s4: Spec = { serial: 'js-url', text: 'dangerous link field #Link', tags: ['Link'] };
  add(
    'post/stored/url-javascript-dropped',
    'post',
    json({ ...render('post', s4), url: 'javascript:alert(document.domain)' }),
    { post: expectedPost('post', s4, ['link'], { url: null }) },
  );
  const s5: Spec = { serial: 'https-url', text: 'normal link field #Link', tags: ['Link'] };
  add(
    'post/stored/url-https-kept',
    'post',
    json({ ...render('post', s5), url: 'https://example.com/p?q=<x>&y="1"' }),
    { post: expectedPost('post', s5, ['link'], { url: 'https://example.com/p?q=<x>&y="1"' }) },
  );
  const s6: Spec = { serial: 'tiny-lat', text: 'underflowing coordinates #Tiny', tags: ['Tiny'] };
  add(
    'post/stored/lat-1e-200',
    'post',
    json({
      ...render('post', s6),
      place: { id: 'bad:tiny', name: 'Null Island', lat: 1e-200, lon: -1e-300 },
    }),
    {
      post: expectedPost('post', s6, ['tiny'], {
        url: null,
        place: { id: 'bad:tiny', name: 'Null Island', lat: 0, lon: 0 },
      }),
    },
  );
  const s7: Spec = {
    serial: 'enrich-fields',
    text: 'producer-set sentiment is dropped #Sent',
    tags: ['Sent'],
  };
  add(
    'post/stored/sentiment-ignored',
    'post',
    json({
      ...render('post', s7),
      sentiment: 'POSITIVE',
      sentimentScore: { Positive: 1, Negative: 0, Neutral: 0, Mixed: 0 },
      enrichStatus: 'OK',
    }),
    { post: expectedPost('post', s7, ['sent'], { url: null }) },
  );
}

// ------------------------------------------------------------------ write or check

function main(): void {
  const root = findRepoRoot();
  const out = lines.map((l) => JSON.stringify(l)).join('\n') + '\n';
  const file = join(root, CORPUS_FILE);
  const stored = lines.filter((l) => l.expect === 'stored').length;
  if (process.argv.includes('--check')) {
    const current = readFileSync(file, 'utf8');
    if (current !== out) {
      console.error(`${CORPUS_FILE} is stale: run npm run corpus:bad-input`);
      process.exit(1);
    }
    console.log(`${CORPUS_FILE} is up to date (${lines.length} records)`);
    return;
  }
  writeFileSync(file, out);
  console.log(
    `${CORPUS_FILE}: ${lines.length} records, ${stored} stored, ${lines.length - stored} dead-lettered`,
  );
}

main();

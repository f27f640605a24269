import { base32 } from './ids';
import { LANGUAGES, type LanguagePack } from './languages';
import { createRng, type Rng } from './rng';

export interface Author {
  /** X user id (decimal string). */
  xId: string;
  /** X username, 1-15 of [A-Za-z0-9_]. */
  username: string;
  /** Bluesky DID and handle of the same person. */
  did: string;
  bskyHandle: string;
  name: string;
  lang: string;
  followers: number;
  createdAt: string;
}

const STEMS = [
  'sky',
  'neo',
  'luna',
  'data',
  'code',
  'pixel',
  'nova',
  'sun',
  'river',
  'rock',
  'jazz',
  'tech',
  'cafe',
  'leo',
  'maya',
  'kai',
  'moon',
  'star',
  'wolf',
  'fox',
  'byte',
  'zen',
  'ola',
  'mar',
];

const AUTHORS_PER_LANGUAGE = 3000;

/**
 * A deterministic population of authors per language. The k-th author of a language is always
 * the same person for a seed (their own PRNG is seeded from the seed, language and k), so a
 * prolific author keeps one name, handle and language across posts.
 */
export function createAuthors(seed: number) {
  const cache = new Map<string, Author>();

  function make(pack: LanguagePack, li: number, k: number): Author {
    const r = createRng(
      Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^
        Math.imul(li + 1, 0xc2b2ae35) ^
        Math.imul(k + 1, 0x27d4eb2f),
    );
    const first = r.pick(pack.firstNames);
    const last = r.pick(pack.lastNames);
    const name = pack.familyFirst ? `${last}${first}` : `${first} ${last}`;
    const username = makeUsername(r);
    const oldAccount = r.chance(0.5);
    const xId = oldAccount
      ? String(r.int(10_000_000, 2_999_999_999))
      : `1${String(r.int(100_000_000, 999_999_999))}${String(r.int(100_000_000, 999_999_999))}`;
    const year = oldAccount ? r.int(2008, 2014) : r.int(2015, 2025);
    return {
      xId,
      username,
      did: `did:plc:${base32(r, 24)}`,
      bskyHandle: `${username.toLowerCase().replace(/_/g, '-')}.bsky.social`,
      name,
      lang: pack.code,
      followers: Math.floor(Math.exp(r.float() * 11)),
      createdAt: new Date(Date.UTC(year, r.int(0, 11), r.int(1, 28), r.int(0, 23))).toISOString(),
    };
  }

  return {
    /** An author of the language; low k are picked far more often (a few prolific posters). */
    pick(rng: Rng, lang: string): Author {
      const li = Math.max(
        0,
        LANGUAGES.findIndex((l) => l.code === lang),
      );
      const pack = LANGUAGES[li] as LanguagePack;
      const k = Math.floor(AUTHORS_PER_LANGUAGE * rng.float() ** 3);
      const key = `${li}:${k}`;
      let author = cache.get(key);
      if (!author) {
        author = make(pack, li, k);
        cache.set(key, author);
      }
      return author;
    },
  };
}

function makeUsername(r: Rng): string {
  let u = r.pick(STEMS);
  if (r.chance(0.6)) u += (r.chance(0.3) ? '_' : '') + r.pick(STEMS);
  if (r.chance(0.3)) u = u.charAt(0).toUpperCase() + u.slice(1);
  if (r.chance(0.7)) u += String(r.int(1, 9999));
  return u.slice(0, 15);
}

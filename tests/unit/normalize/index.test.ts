import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  detectFormat,
  MAX_RECORD_BYTES,
  normalizeRecord,
  parseAndNormalize,
  postSchema,
  type RejectCode,
} from '../../../functions/domain/normalize';
import { MAX_TEXT_LENGTH } from '../../../functions/domain/post';
import { hashtagKey } from '../../../functions/domain/text';
import { findRepoRoot } from '../../../local/paths';
import { fixture, okPost, rejection } from './fixtures';

const status = (text: unknown): Record<string, unknown> => ({
  created_at: 'Wed Oct 10 20:19:24 +0000 2018',
  id_str: '1050118621198921728',
  text,
  user: { id_str: '6253282', screen_name: 'TwitterAPI' },
});

describe('detectFormat', () => {
  it('recognises each format by its distinctive keys', () => {
    expect(detectFormat(fixture('x-v1.json', 0))).toBe('x-v1');
    expect(detectFormat(fixture('x-v2.json', 0))).toBe('x-v2');
    expect(detectFormat(fixture('bluesky.json', 0))).toBe('bsky-jetstream');
    expect(detectFormat(fixture('post.json', 0))).toBe('post');
  });

  it('recognises incomplete records so their rejection names the field', () => {
    expect(detectFormat({ id_str: '1' })).toBe('x-v1');
    expect(detectFormat({ data: {} })).toBe('x-v2');
    expect(detectFormat({ did: 'did:plc:x', kind: 'identity' })).toBe('bsky-jetstream');
    expect(detectFormat({ source: 'demo' })).toBe('post');
  });

  it.each([[null], [42], ['text'], [[1]], [{}], [{ hello: 'world' }], [{ data: 'x' }]])(
    'does not recognise %j',
    (raw) => {
      expect(detectFormat(raw)).toBeUndefined();
    },
  );
});

describe('parseAndNormalize', () => {
  const bytes = (s: string) => new TextEncoder().encode(s);

  it('accepts bytes and strings, and strips a UTF-8 byte-order mark', () => {
    const json = JSON.stringify(status('hi #there'));
    expect(okPost(parseAndNormalize(json)).hashtags).toEqual([{ key: 'there', display: 'there' }]);
    expect(okPost(parseAndNormalize(bytes(json))).text).toBe('hi #there');
    const bom = new Uint8Array([0xef, 0xbb, 0xbf, ...bytes(json)]);
    expect(parseAndNormalize(bom).ok).toBe(true);
  });

  it('rejects records over MAX_RECORD_BYTES before parsing them', () => {
    const big = JSON.stringify(status('x'.repeat(MAX_RECORD_BYTES)));
    expect(rejection(parseAndNormalize(big))).toEqual({
      code: 'OVERSIZED',
      reason: `record is ${big.length} bytes; the limit is ${MAX_RECORD_BYTES}`,
    });
    expect(rejection(parseAndNormalize(bytes(big))).code).toBe('OVERSIZED');
    // Multi-byte characters count as bytes, not characters.
    const wide = '€'.repeat(Math.ceil(MAX_RECORD_BYTES / 3) + 1);
    expect(rejection(parseAndNormalize(wide)).code).toBe('OVERSIZED');
  });

  it('rejects invalid UTF-8 as INVALID', () => {
    const r = parseAndNormalize(new Uint8Array([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(rejection(r)).toEqual({ code: 'INVALID', reason: 'record data is not valid UTF-8' });
  });

  it('rejects data that is not JSON or empty as NOT_JSON', () => {
    expect(rejection(parseAndNormalize('{"id_str": "1", "text": "unterminated')).code).toBe(
      'NOT_JSON',
    );
    expect(rejection(parseAndNormalize('  '))).toEqual({
      code: 'NOT_JSON',
      reason: 'record data is empty',
    });
    expect(rejection(parseAndNormalize(new Uint8Array()))).toMatchObject({ code: 'NOT_JSON' });
  });

  it('rejects JSON of no known shape as UNKNOWN_SHAPE', () => {
    expect(rejection(parseAndNormalize('[1,2]'))).toEqual({
      code: 'UNKNOWN_SHAPE',
      reason: 'expected a JSON object, got an array',
    });
    expect(rejection(parseAndNormalize('"text"')).reason).toBe(
      'expected a JSON object, got a string',
    );
    expect(rejection(parseAndNormalize('{"hello":"world"}')).reason).toContain('keys: hello');
  });
});

describe('text rules shared by every format', () => {
  it(`rejects text longer than ${MAX_TEXT_LENGTH} characters`, () => {
    expect(okPost(normalizeRecord(status('a'.repeat(MAX_TEXT_LENGTH)))).text).toHaveLength(
      MAX_TEXT_LENGTH,
    );
    expect(rejection(normalizeRecord(status('a'.repeat(MAX_TEXT_LENGTH + 1))))).toEqual({
      code: 'INVALID',
      reason: `x-v1: text is longer than ${MAX_TEXT_LENGTH} characters (${MAX_TEXT_LENGTH + 1})`,
    });
  });

  it('replaces lone surrogates with U+FFFD instead of rejecting the post', () => {
    // What X's v1.1 truncation produces: half an emoji, escaped in JSON.
    const raw = JSON.parse(
      '{"created_at":"Wed Oct 10 20:19:24 +0000 2018","id_str":"1","text":"cut \\ud83d","user":{"id_str":"2","name":"a\\udc00b"}}',
    );
    const post = okPost(normalizeRecord(raw));
    expect(post.text).toBe('cut \ufffd');
    expect(post.author?.name).toBe('a\ufffdb');
  });

  it('covers every reject code', () => {
    const seen = new Set<RejectCode>();
    const cases: (string | Uint8Array)[] = [
      'nope',
      '[]',
      JSON.stringify(status(undefined)),
      JSON.stringify(status(5)),
      'x'.repeat(MAX_RECORD_BYTES + 1),
      JSON.stringify({ did: 'did:plc:abc', time_us: 1, kind: 'account' }),
    ];
    for (const c of cases) {
      const r = parseAndNormalize(c);
      if (!r.ok) seen.add(r.code);
    }
    expect([...seen].sort()).toEqual(
      [
        'INVALID',
        'MISSING_FIELD',
        'NOT_JSON',
        'OVERSIZED',
        'UNKNOWN_SHAPE',
        'UNSUPPORTED_EVENT',
      ].sort(),
    );
  });
});

describe('properties', () => {
  it('never throws, and every accepted post satisfies the Post schema', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const r = normalizeRecord(value);
        if (r.ok) expect(postSchema.safeParse(r.post).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('keys every hashtag from arbitrary text as hashtagKey of its display form, without duplicates', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 200 }), (text) => {
        const r = normalizeRecord(status(`${text} #Tag`));
        if (!r.ok) return; // e.g. whitespace-only text is rejected, never thrown
        const keys = r.post.hashtags.map((h) => h.key);
        expect(new Set(keys).size).toBe(keys.length);
        for (const h of r.post.hashtags) expect(h.key).toBe(hashtagKey(h.display));
        expect(postSchema.safeParse(r.post).success).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('JSON-lines fixtures for the replay source', () => {
  it.each(['x-v1.jsonl', 'x-v2.jsonl', 'bluesky.jsonl'])('every line of %s normalizes', (file) => {
    const lines = readFileSync(join(findRepoRoot(), 'tests/fixtures/formats', file), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(parseAndNormalize(line)).toMatchObject({ ok: true });
  });
});

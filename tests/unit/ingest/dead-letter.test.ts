import type { SendMessageBatchRequestEntry } from '@aws-sdk/client-sqs';
import {
  chunkEntries,
  deadLetterBody,
  MAX_BODY_BYTES,
  type DeadLetterBody,
} from '../../../functions/ingest/dead-letter';
import { kinesisRecord } from './kinesis';

const bodyOf = (
  data: string | Uint8Array,
  reason = 'why',
): { raw: string; body: DeadLetterBody } => {
  const raw = deadLetterBody({ record: kinesisRecord(data, 7), code: 'OVERSIZED', reason });
  return { raw, body: JSON.parse(raw) as DeadLetterBody };
};

describe('deadLetterBody', () => {
  it('carries small records whole', () => {
    const { body } = bodyOf('{"a":1}');
    expect(body).toMatchObject({
      data: '{"a":1}',
      dataEncoding: 'utf8',
      truncated: false,
      shardId: 'shardId-000000000003',
    });
  });

  it('truncates large UTF-8 records on a character boundary and says so', () => {
    const data = 'é€😀'.repeat(60_000); // 2 + 3 + 4 bytes per repeat: about 540 KB
    const { raw, body } = bodyOf(data);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(Buffer.byteLength(raw)).toBeGreaterThan(MAX_BODY_BYTES - 16);
    expect(body.truncated).toBe(true);
    expect(body.dataEncoding).toBe('utf8');
    expect(data.startsWith(body.data)).toBe(true);
    expect(body.data).not.toContain('\ufffd');
  });

  it('accounts for JSON escaping when it truncates', () => {
    const data = '"\\\u0001'.repeat(100_000); // each character escapes to 2 or 6 bytes
    const { raw, body } = bodyOf(data);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(body.truncated).toBe(true);
    expect(data.startsWith(body.data)).toBe(true);
  });

  it('base64-encodes bytes that are not UTF-8, truncating them too', () => {
    const bytes = new Uint8Array(300_000).fill(0xff);
    const { raw, body } = bodyOf(bytes);
    expect(Buffer.byteLength(raw)).toBeLessThanOrEqual(MAX_BODY_BYTES);
    expect(body).toMatchObject({ dataEncoding: 'base64', truncated: true });
    const decoded = Buffer.from(body.data, 'base64');
    expect(decoded.length).toBeGreaterThan(140_000);
    expect(decoded.every((b) => b === 0xff)).toBe(true);
  });

  it('base64-encodes text with characters SQS refuses', () => {
    expect(bodyOf('ok \uffff').body.dataEncoding).toBe('base64');
  });

  it('replaces characters SQS refuses in the reason', () => {
    expect(bodyOf('x', 'bad \uffff \ud800 end').body.reason).toBe('bad \ufffd \ufffd end');
  });
});

describe('chunkEntries', () => {
  const entry = (i: number, bytes: number): SendMessageBatchRequestEntry => ({
    Id: `r${i}`,
    MessageBody: 'x'.repeat(bytes),
  });

  it('puts at most 10 entries in a call', () => {
    const chunks = chunkEntries(Array.from({ length: 25 }, (_, i) => entry(i, 10)));
    expect(chunks.map((c) => c.length)).toEqual([10, 10, 5]);
  });

  it('keeps each call under 256 KiB', () => {
    const chunks = chunkEntries(Array.from({ length: 5 }, (_, i) => entry(i, 100_000)));
    expect(chunks.map((c) => c.length)).toEqual([2, 2, 1]);
  });
});

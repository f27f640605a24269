import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';

export const STREAM_ARN = 'arn:aws:kinesis:us-east-1:000000000000:stream/PostsStream';

/** A Kinesis event record as Lambda delivers it, with `data` given as raw text or bytes. */
export function kinesisRecord(
  data: string | Uint8Array,
  n: number,
  partitionKey = `pk-${n}`,
): KinesisStreamRecord {
  const sequenceNumber = `4965700000000000000000000000000000000000000000000000${String(n).padStart(4, '0')}`;
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey,
      sequenceNumber,
      data: Buffer.from(data).toString('base64'),
      approximateArrivalTimestamp: 1732184500 + n / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `shardId-000000000003:${sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: 'arn:aws:iam::000000000000:role/ingest',
    awsRegion: 'us-east-1',
    eventSourceARN: STREAM_ARN,
  };
}

export function kinesisEvent(payloads: (string | Uint8Array)[]): KinesisStreamEvent {
  return { Records: payloads.map((p, i) => kinesisRecord(p, i)) };
}

/** A valid X v1.1 status as record text. */
export function statusJson(id: string, text = `post ${id} #Tag`): string {
  return JSON.stringify({
    created_at: 'Thu Nov 21 10:15:30 +0000 2024',
    id_str: id,
    text,
    user: { id_str: '42', screen_name: 'someone' },
  });
}

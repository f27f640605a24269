import { summarize } from '../../../../local/dlq-cli';

describe('npm run dlq summaries', () => {
  const at = Date.UTC(2026, 0, 1, 12, 0, 0);

  it('summarizes a record the ingest function rejected', () => {
    const s = summarize({
      MessageId: 'm1',
      Body: JSON.stringify({
        kind: 'rejected-record',
        code: 'INVALID_JSON',
        reason: 'Unexpected token } in JSON',
        data: '{"text": "broken',
        dataEncoding: 'utf8',
      }),
      SentTimestamp: at,
      ApproximateReceiveCount: 0,
    });
    expect(s).toEqual({
      time: '2026-01-01T12:00:00.000Z',
      reason: 'Unexpected token } in JSON',
      code: 'INVALID_JSON',
      preview: '{"text": "broken',
    });
  });

  it('summarizes a batch Lambda gave up on', () => {
    const s = summarize({
      MessageId: 'm2',
      Body: JSON.stringify({
        requestContext: { condition: 'RetryAttemptsExhausted' },
        responseContext: { functionError: 'Unhandled' },
        KinesisBatchInfo: {
          shardId: 'shardId-000000000000',
          batchSize: 3,
          startSequenceNumber: '495',
        },
      }),
      SentTimestamp: at,
      ApproximateReceiveCount: 0,
    });
    expect(s).toMatchObject({
      reason: 'RetryAttemptsExhausted',
      code: 'Unhandled',
      preview: 'Kinesis batch of 3 in shardId-000000000000 from 495',
    });
  });

  it('shortens long or plain-text bodies to one line', () => {
    const s = summarize({
      MessageId: 'm3',
      Body: `line one\nline two ${'x'.repeat(200)}`,
      SentTimestamp: at,
      ApproximateReceiveCount: 1,
    });
    expect(s.reason).toBe('-');
    expect(s.preview).toHaveLength(60);
    expect(s.preview.startsWith('line one line two')).toBe(true);
  });
});

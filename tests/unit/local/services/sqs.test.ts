import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  DeleteMessageCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  PurgeQueueCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { md5OfMessageAttributes } from '../../../../local/services/sqs-md5';
import { type PeekedMessage, type SqsService, startSqs } from '../../../../local/services/sqs';

describe('local SQS server with the real SDK client', () => {
  let dir: string;
  let server: SqsService;
  let sqs: SQSClient;
  let QueueUrl: string;

  const clientFor = (endpoint: string): SQSClient =>
    new SQSClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
      maxAttempts: 1,
    });

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sqs-'));
    server = await startSqs({ dataDir: dir });
    sqs = clientFor(server.endpoint);
    QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'DeadLetterQueue' }))).QueueUrl!;
  });

  afterEach(async () => {
    sqs.destroy();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const depth = async (): Promise<Record<string, string>> =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['All'] })))
      .Attributes ?? {};

  it('creates queues and finds them by name, with local URLs', async () => {
    expect(QueueUrl).toBe(`${server.endpoint}/000000000000/DeadLetterQueue`);
    const again = await sqs.send(new CreateQueueCommand({ QueueName: 'DeadLetterQueue' }));
    expect(again.QueueUrl).toBe(QueueUrl);
    expect(
      (await sqs.send(new GetQueueUrlCommand({ QueueName: 'DeadLetterQueue' }))).QueueUrl,
    ).toBe(QueueUrl);
    await expect(sqs.send(new GetQueueUrlCommand({ QueueName: 'Nope' }))).rejects.toMatchObject({
      name: 'QueueDoesNotExist',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('sends with MD5s the SDK accepts and receives with attributes', async () => {
    const sent = await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: 'héllo wörld',
        MessageAttributes: {
          reason: { DataType: 'String', StringValue: 'bad json' },
          count: { DataType: 'Number', StringValue: '3' },
          blob: { DataType: 'Binary', BinaryValue: new Uint8Array([1, 2, 3]) },
        },
      }),
    );
    // The SDK also checks this one itself and would have thrown on a mismatch.
    expect(sent.MD5OfMessageBody).toBe(
      createHash('md5').update('héllo wörld', 'utf8').digest('hex'),
    );
    expect(sent.MD5OfMessageAttributes).toMatch(/^[0-9a-f]{32}$/);

    const got = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ['All'],
        MessageSystemAttributeNames: ['All'],
      }),
    );
    expect(got.Messages).toHaveLength(1);
    const m = got.Messages![0]!;
    expect(m.Body).toBe('héllo wörld');
    expect(m.MessageId).toBe(sent.MessageId);
    expect(m.MD5OfMessageAttributes).toBe(sent.MD5OfMessageAttributes);
    expect(m.MessageAttributes?.reason?.StringValue).toBe('bad json');
    expect(Buffer.from(m.MessageAttributes!.blob!.BinaryValue!)).toEqual(Buffer.from([1, 2, 3]));
    expect(m.Attributes?.ApproximateReceiveCount).toBe('1');
    expect(await depth()).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '1',
    });

    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: m.ReceiptHandle! }));
    expect(await depth()).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('computes MD5OfMessageAttributes the way SQS does', () => {
    // Reference value from SQS for a single Number attribute.
    expect(
      md5OfMessageAttributes({ timestamp: { DataType: 'Number', StringValue: '1493147359900' } }),
    ).toBe('235c5c510d26fb653d073faed50ae77c');
  });

  it('handles batches, visibility and purge, and reports the queue depth', async () => {
    const batch = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'a', MessageBody: 'one' },
          { Id: 'b', MessageBody: 'two' },
          { Id: 'c', MessageBody: '' },
        ],
      }),
    );
    expect(batch.Successful?.map((s) => s.Id)).toEqual(['a', 'b']);
    expect(batch.Failed).toEqual([
      expect.objectContaining({ Id: 'c', SenderFault: true, Code: 'InvalidMessageContents' }),
    ]);
    expect((await depth()).ApproximateNumberOfMessages).toBe('2');

    const got = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 30 }),
    );
    expect(got.Messages?.map((m) => m.Body).sort()).toEqual(['one', 'two']);
    const first = got.Messages![0]!;
    await sqs.send(
      new ChangeMessageVisibilityCommand({
        QueueUrl,
        ReceiptHandle: first.ReceiptHandle!,
        VisibilityTimeout: 0,
      }),
    );
    const again = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(again.Messages?.map((m) => m.Body)).toEqual([first.Body]);

    const deleted = await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl,
        Entries: [
          { Id: 'x', ReceiptHandle: again.Messages![0]!.ReceiptHandle! },
          { Id: 'y', ReceiptHandle: 'garbage' },
        ],
      }),
    );
    expect(deleted.Successful?.map((s) => s.Id)).toEqual(['x']);
    expect(deleted.Failed?.[0]).toMatchObject({ Id: 'y', Code: 'ReceiptHandleIsInvalid' });

    await sqs.send(new PurgeQueueCommand({ QueueUrl }));
    expect(await depth()).toMatchObject({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  });

  it('long-polls until a message arrives', async () => {
    const receiving = sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 }));
    await new Promise((r) => setTimeout(r, 100));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'late' }));
    expect((await receiving).Messages?.[0]?.Body).toBe('late');
  });

  it('keeps messages in <dataDir>/sqs/<queue>.jsonl across restarts, deletions included', async () => {
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'keep' }));
    await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: 'drop' }));
    const got = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    const drop = got.Messages!.find((m) => m.Body === 'drop')!;
    await sqs.send(new DeleteMessageCommand({ QueueUrl, ReceiptHandle: drop.ReceiptHandle! }));
    expect(readFileSync(join(dir, 'sqs', 'DeadLetterQueue.jsonl'), 'utf8')).toContain(
      '"op":"delete"',
    );
    await server.stop();
    sqs.destroy();

    server = await startSqs({ dataDir: dir });
    sqs = clientFor(server.endpoint);
    QueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'DeadLetterQueue' }))).QueueUrl!;
    const after = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(after.Messages?.map((m) => m.Body)).toEqual(['keep']);
  });

  it('lists messages without receiving them on the local peek route', async () => {
    await sqs.send(
      new SendMessageCommand({
        QueueUrl,
        MessageBody: '{"reason":"x"}',
        MessageAttributes: { code: { DataType: 'String', StringValue: 'C' } },
      }),
    );
    const res = await fetch(`${server.endpoint}/_local/queues/DeadLetterQueue/messages`);
    const { messages } = (await res.json()) as { messages: PeekedMessage[] };
    expect(messages).toEqual([
      expect.objectContaining({
        Body: '{"reason":"x"}',
        ApproximateReceiveCount: 0,
        MessageAttributes: { code: { DataType: 'String', StringValue: 'C' } },
      }),
    ]);
    expect((await depth()).ApproximateNumberOfMessages).toBe('1');
    expect((await fetch(`${server.endpoint}/_local/queues/Nope/messages`)).status).toBe(404);
  });

  it('answers unknown operations with an error the SDK understands', async () => {
    const res = await fetch(server.endpoint, {
      method: 'POST',
      headers: {
        'x-amz-target': 'AmazonSQS.TagQueue',
        'content-type': 'application/x-amz-json-1.0',
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ __type: 'com.amazonaws.sqs#UnsupportedOperation' });
  });
});

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StartSyncExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { StepFunctionsEndpoint } from '../../../../local/stepfunctions';
import { machine, smArn, startSfn } from './helpers';

/** A stand-in for DynamoDB Local: records each call and answers from `reply`. */
const received: { target: string; body: Record<string, unknown> }[] = [];
let reply: (target: string) => { status: number; body: unknown } = () => ({
  status: 200,
  body: {},
});
let ddb: Server;

const db = machine('Db', {
  StartAt: 'Put',
  States: {
    Put: {
      Type: 'Task',
      Resource: 'arn:aws:states:::dynamodb:putItem',
      Parameters: {
        TableName: 'Posts',
        Item: { id: { 'S.$': '$.id' }, blob: { B: 'aGVsbG8=' } },
        ConditionExpression: 'attribute_not_exists(id)',
      },
      ResultPath: '$.put',
      Catch: [
        {
          ErrorEquals: ['DynamoDB.ConditionalCheckFailedException'],
          ResultPath: '$.duplicate',
          Next: 'Get',
        },
      ],
      Next: 'Get',
    },
    Get: {
      Type: 'Task',
      Resource: 'arn:aws:states:::aws-sdk:dynamodb:getItem',
      Parameters: { TableName: 'Posts', Key: { id: { 'S.$': '$.id' } } },
      ResultPath: '$.get',
      End: true,
    },
  },
});

let sfn: StepFunctionsEndpoint;
let client: SFNClient;

beforeAll(async () => {
  ddb = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => (text += c.toString()));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target']);
      received.push({ target, body: JSON.parse(text) as Record<string, unknown> });
      const { status, body } = reply(target);
      res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => ddb.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(ddb.address() as AddressInfo).port}`;
  ({ sfn, client } = await startSfn([db], () => Promise.resolve(null), undefined, url));
});
afterAll(async () => {
  await sfn.stop();
  await new Promise((r) => ddb.close(r));
});
beforeEach(() => {
  received.length = 0;
});

const run = (input: unknown) =>
  client.send(
    new StartSyncExecutionCommand({ stateMachineArn: smArn('Db'), input: JSON.stringify(input) }),
  );

describe('DynamoDB integrations', () => {
  it('sends DynamoDB JSON and returns the API response (with SDK metadata when optimized)', async () => {
    reply = (target) =>
      target.endsWith('GetItem')
        ? { status: 200, body: { Item: { id: { S: 'p1' }, blob: { B: 'aGVsbG8=' } } } }
        : { status: 200, body: {} };
    const res = await run({ id: 'p1' });

    expect(res.status).toBe('SUCCEEDED');
    expect(received.map((r) => r.target)).toEqual([
      'DynamoDB_20120810.PutItem',
      'DynamoDB_20120810.GetItem',
    ]);
    expect(received[0]!.body).toEqual({
      TableName: 'Posts',
      Item: { id: { S: 'p1' }, blob: { B: 'aGVsbG8=' } },
      ConditionExpression: 'attribute_not_exists(id)',
    });
    const out = JSON.parse(res.output!);
    expect(out.put).toMatchObject({
      SdkHttpMetadata: { HttpStatusCode: 200 },
      SdkResponseMetadata: { RequestId: expect.any(String) },
    });
    expect(out.get).toEqual({ Item: { id: { S: 'p1' }, blob: { B: 'aGVsbG8=' } } });
  });

  it('names DynamoDB errors DynamoDB.<Exception> for Catch and in the failure', async () => {
    reply = (target) =>
      target.endsWith('PutItem')
        ? {
            status: 400,
            body: {
              __type: 'com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException',
              message: 'The conditional request failed',
            },
          }
        : {
            status: 400,
            body: {
              __type: 'com.amazonaws.dynamodb.v20120810#ResourceNotFoundException',
              message: 'Requested resource not found',
            },
          };
    const res = await run({ id: 'p1' });
    expect(res.status).toBe('FAILED');
    expect(res.error).toBe('DynamoDB.ResourceNotFoundException');
    expect(res.cause).toMatch(
      /^Requested resource not found \(Service: DynamoDB, Status Code: 400/,
    );
    // The conditional failure was caught on the way.
    expect(received).toHaveLength(2);
  });
});

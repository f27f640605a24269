import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { dynamoCheckpoints } from '../../../functions/collector/checkpoints';
import { collectConfig, sourcesFromEnv } from '../../../functions/collector/config';
import { tokenFromSecret } from '../../../functions/collector/secrets';

describe('collectConfig', () => {
  const env = {
    COLLECTOR_SOURCES: 'bluesky, x',
    COLLECTOR_WINDOW_SECONDS: '45',
    JETSTREAM_URL: 'wss://j',
  };

  it('runs a scheduled event with the template settings', () => {
    const scheduled = {
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      detail: {},
    };
    expect(collectConfig(scheduled, env)).toEqual({
      sources: ['bluesky', 'x'],
      windowMs: 45_000,
      jetstreamUrl: 'wss://j',
    });
  });

  it('lets a manual event narrow the sources and the window', () => {
    expect(collectConfig({ sources: ['x'], windowSeconds: 5 }, env)).toMatchObject({
      sources: ['x'],
      windowMs: 5_000,
    });
    expect(() => collectConfig({ sources: ['mastodon'] }, env)).toThrow();
    expect(() => collectConfig({ windowSeconds: 10_000 }, env)).toThrow();
  });

  it('refuses unknown sources in the environment', () => {
    expect(sourcesFromEnv(undefined)).toEqual(['bluesky']);
    expect(() => sourcesFromEnv('bluesky,mastodon')).toThrow(/unknown source\(s\) mastodon/);
  });
});

describe('tokenFromSecret', () => {
  it('reads a plain token or the xBearerToken field', () => {
    expect(tokenFromSecret('AAAA\n')).toBe('AAAA');
    expect(tokenFromSecret('{"xBearerToken":"BBBB"}')).toBe('BBBB');
    expect(tokenFromSecret('{"other":"x"}')).toBeUndefined();
    expect(tokenFromSecret('')).toBeUndefined();
  });

  // Malformed secrets of every kind: the error names the problem and quotes none of the secret
  // (JSON.parse's own message quotes the text around the fault, which is where the token is).
  const TOKEN = 'AAAAAAAAAAAAAAAAAAAAAMq7%2Fk3rT0kN9%3DxYz9Kp2Lw8Qv';
  it.each<[string, string]>([
    ['truncated JSON', `{"xBearerToken":"${TOKEN}`],
    ['single quotes', `{'xBearerToken':'${TOKEN}'}`],
    ['unquoted value', `{"xBearerToken":${TOKEN}}`],
    ['trailing comma', `{"xBearerToken":"${TOKEN}",}`],
    ['token first, then garbage', `{"${TOKEN}"}`],
    ['two tokens', `${TOKEN} ${TOKEN}`],
    ['a number', `{"xBearerToken":${TOKEN.length}${TOKEN.slice(0, 0)}}`],
    ['spaces inside the token', `{"xBearerToken":"${TOKEN.slice(0, 20)} ${TOKEN.slice(20)}"}`],
    ['a line break inside', `${TOKEN.slice(0, 30)}\n${TOKEN.slice(30)}`],
  ])('refuses a malformed secret (%s) without echoing it', (_name, secret) => {
    let message = '';
    try {
      tokenFromSecret(secret);
    } catch (err) {
      message = `${(err as Error).name}: ${(err as Error).message}`;
    }
    expect(message).toMatch(/^MalformedSecretError: The X secret/);
    const windows = Array.from({ length: TOKEN.length - 5 }, (_, i) => TOKEN.slice(i, i + 6));
    expect(windows.filter((w) => !/^A+$/.test(w) && message.includes(w))).toEqual([]);
  });
});

describe('dynamoCheckpoints', () => {
  const ddb = mockClient(DynamoDBDocumentClient);
  const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const checkpoints = dynamoCheckpoints(db, 'TracksTable-test');
  beforeEach(() => ddb.reset());
  afterAll(() => ddb.restore());

  it('reads the saved positions', async () => {
    ddb
      .on(GetCommand, { Key: { pk: 'CHECKPOINT', sk: 'bluesky' } })
      .resolves({ Item: { cursor: 42 } });
    ddb
      .on(GetCommand, { Key: { pk: 'CHECKPOINT', sk: 'x' } })
      .resolves({ Item: { sinceId: '1859' } });
    expect(await checkpoints.blueskyCursor()).toBe(42);
    expect(await checkpoints.xSinceId()).toBe('1859');
  });

  it('only moves forward, comparing X ids as numbers', async () => {
    ddb.on(UpdateCommand).resolves({});
    await checkpoints.saveXSinceId('1859542439660987333');
    await checkpoints.saveBlueskyCursor(1732184470123456);
    const [x, bsky] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(x).toMatchObject({
      Key: { pk: 'CHECKPOINT', sk: 'x' },
      ConditionExpression: 'attribute_not_exists(#position) OR #position < :position',
    });
    expect(x!.ExpressionAttributeValues).toMatchObject({
      ':sinceId': '1859542439660987333',
      ':position': '01859542439660987333',
    });
    expect(bsky!.ExpressionAttributeValues).toMatchObject({ ':position': 1732184470123456 });
  });

  it('leaves a checkpoint that another run moved further alone', async () => {
    ddb.on(UpdateCommand).rejects(
      Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      }),
    );
    await expect(checkpoints.saveBlueskyCursor(1)).resolves.toBeUndefined();
    ddb.on(UpdateCommand).rejects(new Error('ProvisionedThroughputExceeded'));
    await expect(checkpoints.saveBlueskyCursor(1)).rejects.toThrow(/Throughput/);
  });
});

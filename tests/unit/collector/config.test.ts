import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { dynamoCheckpoints } from '../../../functions/collector/checkpoints';
import { collectConfig, sourcesFromEnv } from '../../../functions/collector/config';
import { redditCredentialsFromSecret, tokenFromSecret } from '../../../functions/collector/secrets';

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
    expect(sourcesFromEnv('bluesky,x,reddit')).toEqual(['bluesky', 'x', 'reddit']);
    expect(() => sourcesFromEnv('bluesky,mastodon')).toThrow(/unknown source\(s\) mastodon/);
  });

  it('reads the subreddits of the template parameter, and refuses what is not one', () => {
    const withReddit = {
      ...env,
      COLLECTOR_SOURCES: 'reddit',
      REDDIT_SUBREDDITS: 'aws, r/Serverless,AWS,',
      REDDIT_API_URL: 'http://127.0.0.1:1',
    };
    expect(collectConfig({}, withReddit)).toMatchObject({
      sources: ['reddit'],
      subreddits: ['aws', 'Serverless'],
      redditApiUrl: 'http://127.0.0.1:1',
    });
    expect(collectConfig({}, { ...withReddit, REDDIT_SUBREDDITS: '' })).not.toHaveProperty(
      'subreddits',
    );
    expect(() => collectConfig({}, { ...withReddit, REDDIT_SUBREDDITS: 'aws,../x' })).toThrow(
      /REDDIT_SUBREDDITS: "..\/x" is not a subreddit name/,
    );
  });
});

describe('redditCredentialsFromSecret', () => {
  it('reads the id, the secret and the user agent', () => {
    expect(
      redditCredentialsFromSecret(
        '{"clientId":"p-AbC_12","clientSecret":"s3cr3T-x_Y","userAgent":" lambda:app:v1 (by /u/me) "}',
      ),
    ).toEqual({
      clientId: 'p-AbC_12',
      clientSecret: 's3cr3T-x_Y',
      userAgent: 'lambda:app:v1 (by /u/me)',
    });
    expect(redditCredentialsFromSecret('{"clientId":"a","clientSecret":"b"}')).toEqual({
      clientId: 'a',
      clientSecret: 'b',
    });
  });

  const SECRET = 'Zq9kT0kN9xYz9Kp2Lw8QvRr7';
  it.each<[string, string]>([
    ['truncated JSON', `{"clientId":"abc","clientSecret":"${SECRET}`],
    ['single quotes', `{'clientId':'abc','clientSecret':'${SECRET}'}`],
    ['unquoted value', `{"clientId":"abc","clientSecret":${SECRET}}`],
    ['no client id', `{"clientSecret":"${SECRET}"}`],
    ['the secret as the id', `{"clientId":"${SECRET} ${SECRET}","clientSecret":"x"}`],
    [
      'spaces inside the secret',
      `{"clientId":"a","clientSecret":"${SECRET.slice(0, 9)} ${SECRET}"}`,
    ],
    ['a plain string', SECRET],
    [
      'a line break in the user agent',
      `{"clientId":"a","clientSecret":"b","userAgent":"x\n${SECRET}"}`,
    ],
  ])('refuses a malformed secret (%s) without echoing it', (_name, secret) => {
    let message = '';
    try {
      redditCredentialsFromSecret(secret);
    } catch (err) {
      message = `${(err as Error).name}: ${(err as Error).message}`;
    }
    expect(message).toMatch(/^MalformedSecretError: The Reddit secret/);
    const windows = Array.from({ length: SECRET.length - 5 }, (_, i) => SECRET.slice(i, i + 6));
    expect(windows.filter((w) => message.includes(w))).toEqual([]);
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

  it('keeps a Reddit cursor per feed, moving forward by base-36 id', async () => {
    ddb
      .on(QueryCommand)
      .resolvesOnce({
        Items: [
          { pk: 'CHECKPOINT', sk: 'reddit#r/aws/new', fullname: 't3_1gwcx0a' },
          { pk: 'CHECKPOINT', sk: 'reddit#search:aws OR lambda', fullname: 't3_1gwd9zt' },
          { pk: 'CHECKPOINT', sk: 'reddit#r/aws/comments', fullname: 'damaged' },
        ],
        LastEvaluatedKey: { pk: 'CHECKPOINT', sk: 'reddit#search:aws OR lambda' },
      })
      .resolves({ Items: [] });
    expect(await checkpoints.redditCursors()).toEqual({
      'r/aws/new': 't3_1gwcx0a',
      'search:aws OR lambda': 't3_1gwd9zt',
    });
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(2);
    ddb.on(UpdateCommand).resolves({});
    await checkpoints.saveRedditCursor('r/aws/comments', 't1_lyf3k2a');
    const [update] = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input);
    expect(update).toMatchObject({
      Key: { pk: 'CHECKPOINT', sk: 'reddit#r/aws/comments' },
      ConditionExpression: 'attribute_not_exists(#position) OR #position < :position',
    });
    // Padded to 13 base-36 digits, a longer (newer) id compares greater as a string.
    expect(update!.ExpressionAttributeValues).toMatchObject({
      ':fullname': 't1_lyf3k2a',
      ':position': '000000lyf3k2a',
    });
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

import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/api/timeline';
import { fakeQuery } from './support/fake-stats-table';
import {
  apiEvent,
  body,
  context,
  expectNoLeak,
  freezeTime,
  setTables,
  timelineItem,
} from './support/fixtures';
import { responseValidator } from './support/openapi';
import { clearReadCache } from '../../../functions/api/read-cache';

const ddb = mockClient(DynamoDBDocumentClient);
const get = (tag: string, query?: Record<string, string>) =>
  handler(apiEvent('timeline-aws-hour.json', query, { tag }), context);

interface Point {
  t: string;
  mentions: number;
  positive: number;
  negative: number;
  neutral: number;
  mixed: number;
}
interface Timeline {
  tag: string;
  granularity: string;
  from: string;
  to: string;
  points: Point[];
}

const zero = { mentions: 0, positive: 0, negative: 0, neutral: 0, mixed: 0 };

beforeAll(() => setTables());
beforeEach(() => {
  // Each test reads its own data: answers kept from an earlier test must not stand in.
  clearReadCache();
  ddb.reset();
  ddb.on(QueryCommand).callsFake(fakeQuery([]));
  freezeTime();
});
afterEach(() => jest.useRealTimers());

describe('GET /hashtags/{tag}/timeline', () => {
  it('queries one partition with a BETWEEN on the bucket sort keys and zero-fills the gaps', async () => {
    ddb
      .on(QueryCommand)
      .callsFake(
        fakeQuery([
          timelineItem('aws', 'H', '2026-11-22T09', { positive: 100 }),
          timelineItem('aws', 'H', '2026-11-22T11', { positive: 3, negative: 1, neutral: 5 }),
          timelineItem('aws', 'H', '2026-11-22T14', { mentions: 4, mixed: 2 }),
          timelineItem('aws', 'M', '2026-11-22T12:00', { positive: 7 }),
          timelineItem('aws', 'H', '2026-11-22T15', { positive: 100 }),
        ]),
      );
    const res = await get('AWS', {
      granularity: 'hour',
      from: '2026-11-22T10:00:00Z',
      to: '2026-11-22T14:00:00Z',
    });
    expect(res.statusCode).toBe(200);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      TableName: 'StatsTable-test',
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: {
        ':pk': 'TAG#aws',
        ':from': 'H#2026-11-22T10',
        ':to': 'H#2026-11-22T14',
      },
    });
    const b = body<Timeline>(res);
    expect(b).toMatchObject({
      tag: 'aws',
      granularity: 'hour',
      from: '2026-11-22T10:00:00.000Z',
      to: '2026-11-22T14:00:00.000Z',
    });
    expect(b.points).toEqual([
      { t: '2026-11-22T10:00:00.000Z', ...zero },
      {
        t: '2026-11-22T11:00:00.000Z',
        mentions: 9,
        positive: 3,
        negative: 1,
        neutral: 5,
        mixed: 0,
      },
      { t: '2026-11-22T12:00:00.000Z', ...zero },
      { t: '2026-11-22T13:00:00.000Z', ...zero },
      {
        t: '2026-11-22T14:00:00.000Z',
        mentions: 4,
        positive: 0,
        negative: 0,
        neutral: 0,
        mixed: 2,
      },
    ]);
    expect(responseValidator('/hashtags/{tag}/timeline', 200)(b)).toBe(true);
  });

  it('includes the buckets holding from and to, whatever the time inside them', async () => {
    const ts = async (query: Record<string, string>) =>
      body<Timeline>(await get('aws', query)).points.map((p) => p.t);
    expect(
      await ts({ granularity: 'hour', from: '2026-11-22T10:59:59Z', to: '2026-11-22T11:00:00Z' }),
    ).toEqual(['2026-11-22T10:00:00.000Z', '2026-11-22T11:00:00.000Z']);
    expect(
      await ts({ granularity: 'hour', from: '2026-11-22T10:15:00Z', to: '2026-11-22T10:45:00Z' }),
    ).toEqual(['2026-11-22T10:00:00.000Z']);
    expect(
      await ts({ granularity: 'minute', from: '2026-11-22T23:58:30Z', to: '2026-11-23T00:01:00Z' }),
    ).toEqual([
      '2026-11-22T23:58:00.000Z',
      '2026-11-22T23:59:00.000Z',
      '2026-11-23T00:00:00.000Z',
      '2026-11-23T00:01:00.000Z',
    ]);
    expect(
      await ts({ granularity: 'day', from: '2026-02-27T12:00:00Z', to: '2026-03-01T00:00:00Z' }),
    ).toEqual(['2026-02-27T00:00:00.000Z', '2026-02-28T00:00:00.000Z', '2026-03-01T00:00:00.000Z']);
  });

  it('reads times with offsets as UTC instants', async () => {
    const b = body<Timeline>(
      await get('aws', {
        granularity: 'hour',
        from: '2026-11-22T12:30:00+02:00',
        to: '2026-11-22T11:00:00.5-01:00',
      }),
    );
    expect(b.from).toBe('2026-11-22T10:30:00.000Z');
    expect(b.to).toBe('2026-11-22T12:00:00.500Z');
    expect(b.points).toHaveLength(3);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: expect.objectContaining({
        ':from': 'H#2026-11-22T10',
        ':to': 'H#2026-11-22T12',
      }),
    });
  });

  it('repairs a "+" offset that a form encoder turned into a space', async () => {
    const b = body<Timeline>(
      await get('aws', { from: '2026-11-22T12:00:00 02:00', to: '2026-11-22T12:00:00Z' }),
    );
    expect(b.from).toBe('2026-11-22T10:00:00.000Z');
  });

  it.each([
    ['minute', 61, '2026-11-22T13:07:00.000Z', '2026-11-22T14:07:00.000Z', 'M#2026-11-22T13:07'],
    ['hour', 49, '2026-11-20T14:00:00.000Z', '2026-11-22T14:00:00.000Z', 'H#2026-11-20T14'],
    ['day', 31, '2026-10-23T00:00:00.000Z', '2026-11-22T00:00:00.000Z', 'D#2026-10-23'],
  ])('defaults to now and a %s span', async (granularity, count, first, last, firstSk) => {
    const b = body<Timeline>(await get('aws', { granularity }));
    expect(b.to).toBe('2026-11-22T14:07:31.000Z');
    expect(b.points).toHaveLength(count);
    expect(b.points[0]?.t).toBe(first);
    expect(b.points.at(-1)?.t).toBe(last);
    expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
      ExpressionAttributeValues: expect.objectContaining({ ':from': firstSk }),
    });
  });

  it('defaults granularity to hour and from to 48 hours before a given to', async () => {
    const b = body<Timeline>(await get('aws', { to: '2026-11-01T00:30:00Z' }));
    expect(b).toMatchObject({ granularity: 'hour', from: '2026-10-30T00:30:00.000Z' });
  });

  it.each(['AWS', '#AWS', '%23AWS', '%23aws', '＃ＡＷＳ', ' aws '])(
    'reads %j as the tag aws',
    async (tag) => {
      const res = await get(tag);
      expect(body<Timeline>(res).tag).toBe('aws');
      expect(ddb).toHaveReceivedCommandWith(QueryCommand, {
        ExpressionAttributeValues: expect.objectContaining({ ':pk': 'TAG#aws' }),
      });
    },
  );

  it('reads _all as all posts', async () => {
    ddb
      .on(QueryCommand)
      .callsFake(
        fakeQuery([timelineItem('_all', 'M', '2026-11-22T14:07', { mentions: 42, positive: 40 })]),
      );
    const b = body<Timeline>(await get('_all', { granularity: 'minute' }));
    expect(b.tag).toBe('_all');
    expect(b.points.at(-1)).toMatchObject({ mentions: 42, positive: 40 });
  });

  it('answers an unknown tag with zero points, not 404', async () => {
    const res = await get('nobody-uses-this', { granularity: 'day' });
    expect(res.statusCode).toBe(200);
    const b = body<Timeline>(res);
    expect(b.points).toHaveLength(31);
    expect(b.points.every((p) => p.mentions === 0 && p.positive === 0)).toBe(true);
  });

  it('caches a closed past range longer than a live one', async () => {
    const past = await get('aws', { from: '2026-11-21T00:00:00Z', to: '2026-11-21T12:00:00Z' });
    expect(past.headers['cache-control']).toBe('public, max-age=60');
    // A live range is cached for 5 s once it holds a post; empty, not at all (read-cache.test.ts).
    ddb
      .on(QueryCommand)
      .callsFake(fakeQuery([timelineItem('aws', 'H', '2026-11-22T14', { positive: 1 })]));
    const live = await get('aws');
    expect(live.headers['cache-control']).toBe('public, max-age=5');
  });

  it('accepts exactly 1440 points', async () => {
    const res = await get('aws', {
      granularity: 'minute',
      from: '2026-11-21T14:08:00Z',
      to: '2026-11-22T14:07:59Z',
    });
    expect(res.statusCode).toBe(200);
    expect(body<Timeline>(res).points).toHaveLength(1440);
  });

  it.each([
    ['aws', { granularity: 'week' }, 'granularity must be one of minute, hour, day'],
    ['aws', { granularity: '' }, 'granularity must be one of minute, hour, day'],
    ['aws', { from: 'yesterday' }, 'from must be an ISO 8601 date-time'],
    ['aws', { from: '2026-11-22' }, 'from must be an ISO 8601 date-time'],
    ['aws', { from: '2026-11-22T10:00:00' }, 'from must be an ISO 8601 date-time'],
    ['aws', { to: '2026-02-30T00:00:00Z' }, 'to must be an ISO 8601 date-time'],
    ['aws', { to: '1969-12-31T23:59:59Z' }, 'to must be an ISO 8601 date-time'],
    ['aws', { to: '9999-12-31T23:00:00-05:00' }, 'to must be an ISO 8601 date-time'],
    ['aws', { from: '2026-11-22T12:00:00Z', to: '2026-11-22T12:00:00Z' }, 'from must be before to'],
    ['aws', { from: '2026-11-22T13:00:00Z', to: '2026-11-22T12:00:00Z' }, 'from must be before to'],
    ['aws', { from: '2030-01-01T00:00:00Z' }, 'from must be before to'],
    [
      'aws',
      { granularity: 'minute', from: '2026-11-21T14:07:00Z', to: '2026-11-22T14:07:00Z' },
      'from must be at most 1440 minute buckets before to',
    ],
    [
      'aws',
      { granularity: 'day', from: '1970-01-01T00:00:00Z' },
      'from must be at most 1440 day buckets before to',
    ],
    ['', {}, 'tag must be a hashtag of 1 to 140 characters'],
    ['   ', {}, 'tag must be a hashtag of 1 to 140 characters'],
    ['#', {}, 'tag must be a hashtag of 1 to 140 characters'],
    ['%23', {}, 'tag must be a hashtag of 1 to 140 characters'],
    ['a'.repeat(141), {}, 'tag must be a hashtag of 1 to 140 characters'],
  ])('rejects tag %j with %j: %s', async (tag, query, message) => {
    const res = await get(tag, query as Record<string, string>);
    expect(res.statusCode).toBe(400);
    expect(body<{ message: string }>(res).message).toMatch(new RegExp(`^${message}`));
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
  });

  it('accepts a 140 character tag, with or without #', async () => {
    expect((await get('a'.repeat(140))).statusCode).toBe(200);
    expect((await get(`#${'a'.repeat(140)}`)).statusCode).toBe(200);
  });

  it('rejects a missing path parameter as a bad tag', async () => {
    const event = apiEvent('timeline-aws-hour.json');
    delete event.pathParameters;
    const res = await handler(event, context);
    expect(res.statusCode).toBe(400);
    expect(body(res)).toEqual({ message: 'tag must be a hashtag of 1 to 140 characters' });
  });

  it('answers 500 without internals when DynamoDB fails', async () => {
    ddb.on(QueryCommand).rejects(Object.assign(new Error('boom'), { name: 'InternalServerError' }));
    const res = await get('aws');
    expect(res.statusCode).toBe(500);
    expect(body(res)).toEqual({ message: 'Internal error', requestId: context.awsRequestId });
    expectNoLeak(res);
  });
});

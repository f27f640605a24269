import {
  BatchGetCommand,
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { handler } from '../../../functions/api/locations';
import { rankListKey } from '../../../functions/domain/rank-lists';
import { keysBatchRead, rankListsRead, serveStatsTable } from './support/fake-stats-table';
import {
  apiEvent,
  body,
  context,
  expectNoLeak,
  freezeTime,
  locationItem,
  setTables,
} from './support/fixtures';
import { responseValidator } from './support/openapi';
import { clearReadCache } from '../../../functions/api/read-cache';

const ddb = mockClient(DynamoDBDocumentClient);
const get = (query?: Record<string, string>) =>
  handler(apiEvent('locations-all.json', query), context);

interface Locations {
  window: string;
  items: Record<string, unknown>[];
}

/** The scopes whose rank list was read, in order (not the read of the all-posts counters before). */
const scopesQueried = (): string[] => rankListsRead(ddb);
/** The StatsTable holds these items (and rank lists built from them). */
const table = (stored: readonly object[]): void => serveStatsTable(ddb, stored);

beforeAll(() => setTables());
beforeEach(() => {
  // Each test reads its own data: answers kept from an earlier test must not stand in.
  clearReadCache();
  ddb.reset();
  freezeTime();
});
afterEach(() => jest.useRealTimers());

describe('GET /locations', () => {
  it('defaults to the all-time scope, read from its rank list', async () => {
    table([
      locationItem('de:berlin', 'ALL', undefined, { positive: 4, negative: 1, neutral: 4 }),
      locationItem(
        'fr:paris',
        'ALL',
        undefined,
        { positive: 20 },
        {
          name: 'Paris',
          fullName: undefined,
          country: 'France',
          countryCode: 'FR',
          lat: 48.8566,
          lon: 2.3522,
        },
      ),
    ]);
    const res = await get({});
    expect(res.statusCode).toBe(200);
    expect(scopesQueried()).toEqual(['LOCS#ALL']);
    expect(ddb).toHaveReceivedCommandWith(GetCommand, {
      TableName: 'StatsTable-test',
      Key: { pk: 'RANK#LOCS#ALL', sk: 'TOP' },
    });
    expect(keysBatchRead(ddb)).toEqual([
      { pk: 'LOC#fr:paris', sk: 'ALL' },
      { pk: 'LOC#de:berlin', sk: 'ALL' },
    ]);
    expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
    const b = body<Locations>(res);
    expect(b.window).toBe('all');
    expect(b.items).toEqual([
      {
        id: 'fr:paris',
        name: 'Paris',
        country: 'France',
        countryCode: 'FR',
        lat: 48.8566,
        lon: 2.3522,
        mentions: 20,
        positive: 20,
        negative: 0,
        neutral: 0,
        mixed: 0,
        lastSeen: '2026-11-22T13:59:02.000Z',
      },
      {
        id: 'de:berlin',
        name: 'Berlin',
        fullName: 'Berlin, Germany',
        country: 'Germany',
        countryCode: 'DE',
        lat: 52.52,
        lon: 13.405,
        mentions: 9,
        positive: 4,
        negative: 1,
        neutral: 4,
        mixed: 0,
        lastSeen: '2026-11-22T13:59:02.000Z',
      },
    ]);
    expect(responseValidator('/locations', 200)(b)).toBe(true);
  });

  it('reads K = 3 x 500 members of a bucket by default, 3 x limit with a limit', async () => {
    // A list naming more places than any K, hints only (no counter is stored). The enrich step
    // keeps at most the kind's rankListCap members; the reader asks for K members regardless.
    const members = Object.fromEntries(
      Array.from({ length: 3100 }, (_, i) => [`LOC#xx:place${i}`, 5000 - i]),
    );
    table([{ ...rankListKey('LOCS#ALL'), members, rev: 1 }]);
    await get();
    expect(keysBatchRead(ddb)).toHaveLength(1500);
    expect(ddb.commandCalls(BatchGetCommand)).toHaveLength(15);
    clearReadCache();
    ddb.resetHistory();
    await get({ limit: '1000' });
    expect(keysBatchRead(ddb)).toHaveLength(3000);
    expect(keysBatchRead(ddb).at(-1)).toEqual({ pk: 'LOC#xx:place2999', sk: 'ALL' });
  });

  it('sums a place over the window buckets and cuts to limit', async () => {
    table([
      locationItem(
        'de:berlin',
        'H',
        '2026-11-22T14',
        { positive: 1 },
        {
          lastSeen: '2026-11-22T14:05:00.000Z',
        },
      ),
      locationItem('de:berlin', 'H', '2026-11-21T15', { negative: 2 }),
      locationItem('de:berlin', 'H', '2026-11-21T14', { negative: 50 }),
      locationItem('us:nyc', 'H', '2026-11-22T12', { neutral: 2 }, { name: 'New York' }),
      locationItem('jp:tokyo', 'H', '2026-11-22T12', { neutral: 1 }, { name: 'Tokyo' }),
    ]);
    const b = body<Locations>(await get({ window: '24h', limit: '2' }));
    expect(scopesQueried()).toHaveLength(24);
    expect(scopesQueried()[0]).toBe('LOCS#H#2026-11-22T14');
    expect(b.items.map((i) => [i.id, i.mentions])).toEqual([
      ['de:berlin', 3],
      ['us:nyc', 2],
    ]);
    expect(b.items[0]?.lastSeen).toBe('2026-11-22T14:05:00.000Z');
  });

  it('uses five-minute scopes for 1h and day scopes for 7d', async () => {
    table([]);
    await get({ window: '1h' });
    expect(scopesQueried()).toHaveLength(12);
    expect(scopesQueried()[0]).toBe('LOCS#F#2026-11-22T14:05');
    ddb.resetHistory();
    await get({ window: '7d' });
    expect(scopesQueried().at(-1)).toBe('LOCS#D#2026-11-16');
  });

  it('leaves out places without coordinates', async () => {
    const noCoords = locationItem('xx:somewhere', 'ALL', undefined, { neutral: 9 });
    delete (noCoords as Partial<typeof noCoords>).lat;
    table([noCoords, locationItem('de:berlin', 'ALL', undefined, { neutral: 1 })]);
    const b = body<Locations>(await get());
    expect(b.items.map((i) => i.id)).toEqual(['de:berlin']);
  });

  it.each([
    [{ limit: '0' }, 'limit must be an integer between 1 and 1000'],
    [{ limit: '1001' }, 'limit must be an integer between 1 and 1000'],
    [{ limit: '5 0' }, 'limit must be an integer between 1 and 1000'],
    [{ window: 'forever' }, 'window must be one of 1h, 24h, 7d, all'],
  ])('rejects %j with 400: %s', async (query, message) => {
    const res = await get(query);
    expect(res.statusCode).toBe(400);
    expect(body(res)).toEqual({ message });
  });

  it.each([
    ['the all-posts Query', () => ddb.on(QueryCommand), '24h'],
    ['a rank list read', () => ddb.on(GetCommand), 'all'],
    ['a counter read', () => ddb.on(BatchGetCommand), 'all'],
  ] as const)('answers 500 without internals when %s fails', async (_name, command, window) => {
    table([locationItem('de:berlin', 'ALL', undefined, { neutral: 1 })]);
    command().rejects(new Error('socket hang up'));
    const res = await get({ window });
    expect(res.statusCode).toBe(500);
    expectNoLeak(res);
  });
});

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  StartQueryExecutionCommand,
  type StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { handler } from '../../../functions/history/history';
import { athenaQueryCostUsd } from '../../../functions/domain/athena-cost';
import { apiEvent, body, context } from '../api/support/fixtures';
import { fakeAthena } from '../api/support/fake-athena';

/** GET /history/{query}: parameters, the Athena start-and-poll, and the local DuckDB answer. */

const athena = fakeAthena();
const call = async (query: string, params: Record<string, string> = {}) => {
  const res = await handler(
    apiEvent('history-top-hashtags-start.json', params, { query }),
    context,
  );
  return { status: res.statusCode, cache: res.headers['cache-control'], body: body(res) };
};

beforeEach(() => {
  athena.resetHistory();
  delete process.env.ARCHIVE_LOCAL_DIR;
});

describe('parameters', () => {
  it.each([
    ['nope', {}, /^query must be one of top-hashtags-per-day, /],
    ['top-hashtags-per-day', { from: '2026-11-31' }, /^from must be a date YYYY-MM-DD/],
    ['top-hashtags-per-day', { to: '2004-12-31' }, /^to must be a date/],
    [
      'top-hashtags-per-day',
      { from: '2026-11-22', to: '2026-11-21' },
      /^from must be on or before to/,
    ],
    [
      'top-hashtags-per-day',
      { from: '2025-11-01', to: '2026-11-22' },
      /^from must be at most 366 days/,
    ],
    ['co-occurring-hashtags', {}, /^tag is required by co-occurring-hashtags/],
    ['co-occurring-hashtags', { tag: '#' }, /^tag must be a hashtag/],
    ['top-hashtags-per-day', { queryId: "1' OR '1'='1" }, /^queryId must be the queryId/],
  ])('%s %j -> 400', async (query, params, message) => {
    const res = await call(query, params);
    expect(res.status).toBe(400);
    expect(res.cache).toBe('no-store');
    expect(String(res.body.message)).toMatch(message);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });

  it('defaults to the last 7 days, today included', async () => {
    jest.useFakeTimers({
      now: new Date('2026-11-22T10:00:00Z'),
      doNotFake: ['nextTick', 'setImmediate'],
    });
    try {
      const res = await call('top-hashtags-per-day');
      expect(res.body.params).toEqual({ from: '2026-11-16', to: '2026-11-22' });
    } finally {
      jest.useRealTimers();
    }
  });
});

describe('in AWS (Athena)', () => {
  it('starts the named query in the workgroup with quoted execution parameters, and answers RUNNING', async () => {
    const res = await call('co-occurring-hashtags', {
      tag: '#AWS',
      from: '2026-11-01',
      to: '2026-11-22',
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ engine: 'athena', status: 'RUNNING', bytesScanned: null });
    expect(res.body.queryId).toMatch(/^[0-9a-f-]{36}$/);
    const input = athena.commandCalls(StartQueryExecutionCommand)[0]!.args[0]
      .input as StartQueryExecutionCommandInput;
    expect(input).toMatchObject({
      WorkGroup: 'corpus-test',
      QueryExecutionContext: { Database: 'corpus_test' },
      ExecutionParameters: ["'aws'", "'2026-11-01'", "'2026-11-22'", "'aws'"],
      ResultReuseConfiguration: {
        ResultReuseByAgeConfiguration: { Enabled: true, MaxAgeInMinutes: 60 },
      },
    });
    expect(input.QueryString).toContain('CROSS JOIN UNNEST(hashtags)');
  });

  it('answers the rows, typed, with the bytes scanned and their cost, once polled', async () => {
    const params = { from: '2026-11-16', to: '2026-11-22' };
    const started = await call('top-hashtags-per-day', params);
    const res = await call('top-hashtags-per-day', {
      ...params,
      queryId: String(started.body.queryId),
    });
    expect(res.body).toMatchObject({
      status: 'SUCCEEDED',
      bytesScanned: 12 * 1024 * 1024,
      costUsd: athenaQueryCostUsd(12 * 1024 * 1024),
      columns: [
        { name: 'tag', type: 'string' },
        { name: 'posts', type: 'number' },
        { name: 'day', type: 'date' },
      ],
      rows: [
        { tag: 'aws', posts: 12, day: '2026-11-22' },
        { tag: 'cloud', posts: 7, day: '2026-11-22' },
      ],
      truncated: false,
    });
  });

  it('refuses a queryId of another query or other parameters, and one Athena does not know', async () => {
    const started = await call('top-hashtags-per-day', { from: '2026-11-16', to: '2026-11-22' });
    const id = String(started.body.queryId);
    const other = await call('top-hashtags-per-day', {
      from: '2026-11-15',
      to: '2026-11-22',
      queryId: id,
    });
    expect(other.status).toBe(400);
    expect(other.body.message).toMatch(/^queryId belongs to another query/);
    const unknown = await call('top-hashtags-per-day', {
      queryId: '11111111-2222-4333-8444-555555555555',
    });
    expect(unknown).toMatchObject({
      status: 400,
      body: { message: 'queryId names no query of this workgroup' },
    });
  });

  it('answers FAILED with the reason Athena gives', async () => {
    const started = await call('top-hashtags-per-day', { from: '2026-11-16', to: '2026-11-22' });
    athena.failRun(String(started.body.queryId), 'Query exhausted resources');
    const res = await call('top-hashtags-per-day', {
      from: '2026-11-16',
      to: '2026-11-22',
      queryId: String(started.body.queryId),
    });
    expect(res.body).toMatchObject({ status: 'FAILED', message: 'Query exhausted resources' });
  });
});

describe('locally (DuckDB)', () => {
  it('answers at once over the local corpus, without Athena: an empty one has no rows', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'history-test-'));
    process.env.ARCHIVE_LOCAL_DIR = join(dir, 'posts');
    try {
      const res = await call('co-occurring-hashtags', { tag: 'aws' });
      expect(res.body).toMatchObject({
        engine: 'duckdb',
        status: 'SUCCEEDED',
        rows: [],
        bytesScanned: null,
        costUsd: null,
      });
      expect((res.body.columns as { name: string }[]).map((c) => c.name)).toEqual([
        'tag',
        'posts',
        'days',
        'positive',
        'negative',
        'neutral',
        'mixed',
      ]);
      expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

import { RETRY } from '../../../../functions/shared/retry';
import type { PersistInput } from '../../../../functions/domain/workflow';
import persistInput from '../../../../events/enrich/persist-input.json';
import { FakeDynamo } from './fake-dynamo';

export const POSTS = 'PostsTable';
export const STATS = 'StatsTable';
/** Persist's sample event (events/enrich/persist-input.json). */
export const sample = persistInput as unknown as PersistInput;

/**
 * Persist's tables as a fake DynamoDB, for the test file that calls this at its top: the table
 * names in the environment, retries without waiting, and before each test a new, empty fake (no
 * post is stored before Persist runs: the transaction that counts a post puts its item). Read
 * `tables.db` inside a test: each test has its own.
 */
export function fakePersistTables(): {
  db: FakeDynamo;
  stat: (pk: string, sk: string) => ReturnType<FakeDynamo['get']>;
  totals: () => ReturnType<FakeDynamo['get']>;
} {
  const tables = {
    // Made in beforeEach: the fake mocks the SDK client while it lives.
    db: undefined as unknown as FakeDynamo,
    stat: (pk: string, sk: string) => tables.db.get(STATS, { pk, sk }),
    totals: () => tables.stat('STATS', 'TOTAL'),
  };
  beforeAll(() => {
    process.env.POSTS_TABLE = POSTS;
    process.env.STATS_TABLE = STATS;
    RETRY.baseMs = 1;
  });
  beforeEach(() => {
    tables.db = new FakeDynamo();
  });
  afterEach(() => tables.db.reset());
  return tables;
}

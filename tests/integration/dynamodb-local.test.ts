import {
  BatchExecuteStatementCommand,
  CreateTableCommand,
  GetItemCommand,
  PutItemCommand,
  TransactWriteItemsCommand,
} from '@aws-sdk/client-dynamodb';
import { startCountingProxy, type CountingProxy } from '../../bench/counting-proxy';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createDynamoDbClient,
  startDynamoDb,
  type DynamoDbService,
} from '../../local/services/dynamodb';

jest.setTimeout(120_000);

/** A table keyed by a string `pk`. */
async function createTable(db: DynamoDbService, name: string): Promise<void> {
  await db.client.send(
    new CreateTableCommand({
      TableName: name,
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
}

async function roundTrip(db: DynamoDbService): Promise<void> {
  await createTable(db, 'scratch-check');
  await db.client.send(
    new PutItemCommand({ TableName: 'scratch-check', Item: { pk: { S: 'a' }, n: { N: '1' } } }),
  );
  const got = await db.client.send(
    new GetItemCommand({ TableName: 'scratch-check', Key: { pk: { S: 'a' } } }),
  );
  expect(got.Item?.n).toEqual({ N: '1' });
}

describe('DynamoDB Local', () => {
  let db: DynamoDbService | undefined;
  let cache: string;
  beforeAll(() => (cache = mkdtempSync(join(tmpdir(), 'cds-'))));
  afterAll(async () => {
    await db?.stop();
    rmSync(cache, { recursive: true, force: true });
  });

  it('unpacks its SQLite library into a folder of its own and leaves nothing behind', async () => {
    db = await startDynamoDb({ classDataCache: cache });
    await roundTrip(db);
    expect(readdirSync(db.scratchDir).some((f) => f.includes('sqlite4java'))).toBe(true);
    const { scratchDir } = db;
    await db.stop();
    db = undefined;
    expect(existsSync(scratchDir)).toBe(false);
  });

  it('records a class-data archive while the first start runs and maps it at the next', async () => {
    const archive = (): string | undefined =>
      readdirSync(cache, { recursive: true, encoding: 'utf8' }).find((f) =>
        f.endsWith('dynamodb-local.jsa'),
      );
    db = await startDynamoDb({ classDataCache: cache, recordClassDataAfterMs: 500 });
    expect(db.classData).toBe('recording');
    // Another start meanwhile neither records nor waits.
    const other = await startDynamoDb({ classDataCache: cache });
    expect(other.classData).toBe('off');
    await Promise.all([roundTrip(db), roundTrip(other)]);
    await other.stop();
    for (let waited = 0; !archive() && waited < 60_000; waited += 250) {
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(archive()).toBeDefined();
    await db.stop();

    db = await startDynamoDb({ classDataCache: cache });
    expect(db.classData).toBe('shared');
    await roundTrip(db);
    await db.stop();
    db = undefined;
  });
});

describe('the bench counting proxy in front of DynamoDB Local', () => {
  let db: DynamoDbService | undefined;
  let proxy: CountingProxy | undefined;
  afterAll(async () => {
    await proxy?.stop();
    await db?.stop();
  });

  it('bills a transaction 2 units per KB of each item, where DynamoDB Local reports one item', async () => {
    db = await startDynamoDb();
    await createTable(db, 'billing-check');
    proxy = await startCountingProxy(db.endpoint);
    const client = createDynamoDbClient(proxy.endpoint);
    const puts = Array.from({ length: 3 }, (_, i) => ({
      Put: { TableName: 'billing-check', Item: { pk: { S: `p${i}` }, v: { S: 'x'.repeat(1500) } } },
    }));
    const direct = await db.client.send(
      new TransactWriteItemsCommand({
        TransactItems: puts.map((p) => ({
          Put: { ...p.Put, Item: { ...p.Put.Item, pk: { S: `direct-${p.Put.Item.pk.S}` } } },
        })),
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    // What the proxy corrects: DynamoDB Local's report covers one item of the three.
    expect(direct.ConsumedCapacity?.[0]?.CapacityUnits).toBe(4);
    await client.send(new TransactWriteItemsCommand({ TransactItems: puts }));
    await client.send(
      new TransactWriteItemsCommand({
        TransactItems: [{ Delete: { TableName: 'billing-check', Key: { pk: { S: 'p0' } } } }],
      }),
    );
    client.destroy();
    await proxy.stop();
    const counts = proxy.counts();
    proxy = undefined;
    expect(counts.capacity.TransactWriteItems).toBe(3 * 4 + 4);
    expect(counts.writeUnits).toBe(16);
  });

  it('bills PartiQL INSERTs that succeed as standard puts, where DynamoDB Local reports none', async () => {
    db ??= await startDynamoDb();
    await createTable(db, 'partiql-check');
    proxy = await startCountingProxy(db.endpoint);
    const client = createDynamoDbClient(proxy.endpoint);
    const statements = (ids: string[]) =>
      ids.map((id) => ({
        Statement: `INSERT INTO "partiql-check" VALUE {'pk': ?, 'v': ?}`,
        Parameters: [{ S: id }, { S: 'x'.repeat(1500) }],
      }));
    await client.send(new BatchExecuteStatementCommand({ Statements: statements(['a', 'b']) }));
    // 'a' again is refused (DuplicateItem) and billed nothing; 'c' is a new 2 KB put.
    const again = await client.send(
      new BatchExecuteStatementCommand({ Statements: statements(['a', 'c']) }),
    );
    expect(again.Responses?.[0]?.Error?.Code).toBe('DuplicateItem');
    client.destroy();
    await proxy.stop();
    const counts = proxy.counts();
    proxy = undefined;
    expect(counts.capacity.BatchExecuteStatement).toBe(3 * 2);
    expect(counts.itemsWritten.BatchExecuteStatement).toBe(4);
  });
});

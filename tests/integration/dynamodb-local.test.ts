import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { existsSync, readdirSync } from 'node:fs';
import { startDynamoDb, type DynamoDbService } from '../../local/services/dynamodb';

jest.setTimeout(90_000);

describe('DynamoDB Local', () => {
  let db: DynamoDbService | undefined;
  afterAll(() => db?.stop());

  it('unpacks its SQLite library into a folder of its own and leaves nothing behind', async () => {
    db = await startDynamoDb();
    await db.client.send(
      new CreateTableCommand({
        TableName: 'scratch-check',
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    expect(readdirSync(db.scratchDir).some((f) => f.includes('sqlite4java'))).toBe(true);
    const { scratchDir } = db;
    await db.stop();
    db = undefined;
    expect(existsSync(scratchDir)).toBe(false);
  });
});

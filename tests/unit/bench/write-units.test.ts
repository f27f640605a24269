import { insertedItem, itemBytes, valueBytes, WriteUnits } from '../../../bench/write-units';

const keys = (table: string): string[] | undefined =>
  ({ posts: ['id'], stats: ['pk', 'sk'] })[table];
const S = (s: string) => ({ S: s });
const put = (id: string, bytes: number) => ({
  Put: { TableName: 'posts', Item: { id: S(id), v: S('x'.repeat(bytes)) } },
});

describe('item sizes', () => {
  it('counts attribute names and values as DynamoDB does', () => {
    expect(itemBytes({ id: S('abc') })).toBe(2 + 3);
    expect(valueBytes({ N: '12345' })).toBe(4);
    expect(valueBytes({ BOOL: true })).toBe(1);
    expect(valueBytes({ L: [S('ab'), { N: '1' }] })).toBe(3 + 1 + 2 + 1 + 2);
    expect(valueBytes({ M: { k: S('é') } })).toBe(3 + 1 + 1 + 2);
  });
});

describe('transaction write units', () => {
  it('bills 2 units per KB of every item, not of one (what DynamoDB Local reports)', () => {
    const units = new WriteUnits(keys);
    const ten = Array.from({ length: 10 }, (_, i) => put(`p${i}`, 100));
    expect(units.transaction(ten)).toEqual({ posts: 20 });
    expect(units.transaction([put('big', 1500), put('bigger', 5000)])).toEqual({ posts: 4 + 10 });
  });

  it('bills an update or delete on the size of the stored item, remembered from its writes', () => {
    const units = new WriteUnits(keys);
    units.observe('BatchWriteItem', {
      RequestItems: { posts: [{ PutRequest: { Item: { id: S('a'), v: S('x'.repeat(1000)) } } }] },
    });
    const marker = {
      Update: {
        TableName: 'posts',
        Key: { id: S('a') },
        UpdateExpression: 'SET #c = :c',
        ExpressionAttributeNames: { '#c': 'countedAt' },
        ExpressionAttributeValues: { ':c': S('2026-12-05T00:00:00.000Z') },
      },
    };
    expect(units.transaction([marker])).toEqual({ posts: 4 });
    const delta = {
      pk: S('PENDING'),
      sk: S('d1'),
      blob: { B: Buffer.alloc(8000).toString('base64') },
    };
    expect(units.transaction([{ Put: { TableName: 'stats', Item: delta } }])).toEqual({
      stats: 16,
    });
    const remove = { Delete: { TableName: 'stats', Key: { pk: S('PENDING'), sk: S('d1') } } };
    expect(units.transaction([remove])).toEqual({ stats: 16 });
    // Gone: a second delete finds only its key.
    expect(units.transaction([remove])).toEqual({ stats: 2 });
  });

  it('keeps a counter its size however often it is added to', () => {
    const units = new WriteUnits(keys);
    const counter = {
      Update: {
        TableName: 'stats',
        Key: { pk: S('TAG#a'), sk: S('ALL') },
        UpdateExpression:
          'ADD mentions :one, #p :one SET #d = if_not_exists(#d, :d), #r = #r + :one',
        ExpressionAttributeNames: { '#p': 'positive', '#d': 'display', '#r': 'rev' },
        ExpressionAttributeValues: { ':one': { N: '1' }, ':d': S('Tag') },
      },
    };
    for (let i = 0; i < 1000; i++) expect(units.transaction([counter])).toEqual({ stats: 2 });
  });

  it('grows an item by what SET adds and shrinks it by what REMOVE drops', () => {
    const units = new WriteUnits(keys);
    units.observe('PutItem', { TableName: 'posts', Item: { id: S('a'), v: S('x'.repeat(900)) } });
    const grow = {
      TableName: 'posts',
      Key: { id: S('a') },
      UpdateExpression: 'SET w = :w',
      ExpressionAttributeValues: { ':w': S('y'.repeat(300)) },
    };
    units.observe('UpdateItem', grow);
    expect(
      units.transaction([{ ConditionCheck: { TableName: 'posts', Key: { id: S('a') } } }]),
    ).toEqual({ posts: 4 });
    units.observe('UpdateItem', {
      TableName: 'posts',
      Key: { id: S('a') },
      UpdateExpression: 'REMOVE w',
    });
    expect(
      units.transaction([{ ConditionCheck: { TableName: 'posts', Key: { id: S('a') } } }]),
    ).toEqual({ posts: 2 });
  });

  it('does not remember puts of a table whose key it does not know', () => {
    const units = new WriteUnits(keys);
    units.observe('PutItem', { TableName: 'other', Item: { k: S('a'), v: S('x'.repeat(3000)) } });
    expect(units.transaction([{ Delete: { TableName: 'other', Key: { k: S('a') } } }])).toEqual({
      other: 2,
    });
  });
});

describe('index write units', () => {
  const indexes = (table: string) => (table === 'stats' ? [{ keys: ['scope', 'mentions'] }] : []);
  const counter = (expr: string, values: Record<string, Record<string, unknown>>) => ({
    Update: {
      TableName: 'stats',
      Key: { pk: S('TAG#a'), sk: S('ALL') },
      UpdateExpression: expr,
      ExpressionAttributeValues: values,
    },
  });

  it('bills index writes at the standard rate as DynamoDB Local reports them for single writes', () => {
    const units = new WriteUnits(keys, indexes);
    // Enters the index: 2 (transactional table write) + 1.
    const create = counter('ADD mentions :one SET scope = :s', {
      ':one': { N: '1' },
      ':s': S('T'),
    });
    expect(units.transaction([create])).toEqual({ stats: 3 });
    // Changes the index's sort key: a delete and a put in the index.
    expect(units.transaction([counter('ADD mentions :one', { ':one': { N: '1' } })])).toEqual({
      stats: 4,
    });
    // Changes an attribute the index projects, not its keys.
    expect(units.transaction([counter('SET lastSeen = :l', { ':l': S('z') })])).toEqual({
      stats: 3,
    });
    // Leaves it.
    const remove = { Delete: { TableName: 'stats', Key: { pk: S('TAG#a'), sk: S('ALL') } } };
    expect(units.transaction([remove])).toEqual({ stats: 3 });
    // Items never in the index (no scope) write the table alone.
    expect(units.transaction([put('p', 10)])).toEqual({ posts: 2 });
  });
});

describe('PartiQL INSERT write units', () => {
  const insert = (id: string, bytes: number) => ({
    Statement: `INSERT INTO "posts" VALUE {'id': ?, 'v': ?}`,
    Parameters: [S(id), S('x'.repeat(bytes))],
  });

  it('reads the table and item of an INSERT, and nothing else', () => {
    expect(
      insertedItem(`INSERT INTO "posts" VALUE {'id': ?, 'n': ?}`, [S('a'), { N: '1' }]),
    ).toEqual({
      table: 'posts',
      item: { id: S('a'), n: { N: '1' } },
    });
    expect(insertedItem(`UPDATE "posts" SET v = ? WHERE id = ?`, [S('x'), S('a')])).toBeUndefined();
    expect(insertedItem(`INSERT INTO "posts" VALUE {'id': ?}`, [])).toBeUndefined();
  });

  it('bills each INSERT that succeeded as a standard put, and remembers its size', () => {
    const units = new WriteUnits(keys);
    const billed = units.inserts(
      [insert('a', 100), insert('b', 1500), insert('c', 100)],
      [{}, {}, { Error: { Code: 'DuplicateItem' } }],
    );
    expect(billed).toEqual({ posts: 1 + 2 });
    // A transactional update of the inserted 1.5 KB item is billed on its size.
    const marker = {
      Update: {
        TableName: 'posts',
        Key: { id: S('b') },
        UpdateExpression: 'SET m = :m',
        ExpressionAttributeValues: { ':m': S('y') },
      },
    };
    expect(units.transaction([marker])).toEqual({ posts: 4 });
  });
});

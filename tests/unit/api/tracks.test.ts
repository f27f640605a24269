import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type DeleteCommandInput,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { handler as list } from '../../../functions/api/tracks';
import { handler as change } from '../../../functions/api/track-changes';
import { MAX_TRACKED_TERMS } from '../../../functions/social/tracking/terms';
import { body, context, eventFiles, loadEvent } from './support/fixtures';
import { responseValidator, routePath } from './support/openapi';

/** A TracksTable in memory behind the document client's commands. */
function fakeTracksTable() {
  const items = new Map<string, Record<string, unknown>>();
  const id = (k: Record<string, unknown> | undefined) => `${String(k?.pk)}|${String(k?.sk)}`;
  const ddb = mockClient(DynamoDBDocumentClient);
  ddb.on(GetCommand).callsFake((i: GetCommandInput) => ({ Item: items.get(id(i.Key)) }));
  ddb.on(QueryCommand).callsFake((i: QueryCommandInput) => {
    const pk = i.ExpressionAttributeValues?.[':pk'];
    const found = [...items.values()]
      .filter((x) => x.pk === pk)
      .sort((a, b) => String(a.sk).localeCompare(String(b.sk)));
    return i.Select === 'COUNT' ? { Count: found.length } : { Items: found, Count: found.length };
  });
  ddb.on(PutCommand).callsFake((i: PutCommandInput) => {
    if (i.ConditionExpression && items.has(id(i.Item))) {
      throw Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      });
    }
    items.set(id(i.Item), i.Item!);
    return {};
  });
  ddb.on(DeleteCommand).callsFake((i: DeleteCommandInput) => {
    const old = items.get(id(i.Key));
    items.delete(id(i.Key));
    return old ? { Attributes: old } : {};
  });
  return { ddb, items };
}

const sample = (file: string): APIGatewayProxyEventV2 => loadEvent(file);
const post = (raw: string | undefined, base64 = false): APIGatewayProxyEventV2 => {
  const e = sample('tracks-add-hashtag.json');
  return {
    ...e,
    body: raw === undefined ? undefined : base64 ? Buffer.from(raw).toString('base64') : raw,
    isBase64Encoded: base64,
  };
};
const del = (term: string): APIGatewayProxyEventV2 => {
  const e = sample('tracks-remove-hashtag.json');
  return { ...e, rawPath: `/tracks/${term}`, pathParameters: { term } };
};

function validate(res: { statusCode: number; body: string }, routeKey: string): void {
  if (res.statusCode === 204) return expect(res.body).toBe('');
  const method = routeKey.split(' ')[0]!.toLowerCase();
  const check = responseValidator(routePath(routeKey), res.statusCode, method);
  const payload = body(res as never);
  expect(check(payload) ? [] : check.errors).toEqual([]);
}

describe('/tracks handlers', () => {
  let table: ReturnType<typeof fakeTracksTable>;
  beforeAll(() => {
    process.env.TRACKS_TABLE = 'TracksTable-test';
  });
  beforeEach(() => {
    table = fakeTracksTable();
  });
  afterEach(() => table.ddb.restore());

  it.each(eventFiles().filter((f) => f.startsWith('tracks-')))(
    'answers the sample event %s as the OpenAPI document says',
    async (file) => {
      const event = sample(file);
      if (event.routeKey === 'DELETE /tracks/{term}')
        await change(post('{"term":"#AWS"}'), context);
      const res = await (event.routeKey === 'GET /tracks' ? list : change)(event, context);
      const expected = file.includes('-bad-')
        ? 400
        : ({ 'GET /tracks': 200, 'POST /tracks': 201, 'DELETE /tracks/{term}': 204 } as const)[
            event.routeKey as 'GET /tracks'
          ];
      expect(res.statusCode).toBe(expected);
      expect(res.headers['cache-control']).toBe('no-store');
      validate(res, event.routeKey);
    },
  );

  it('adds, lists and removes terms, idempotently', async () => {
    const added = await change(post('{"term":"#AWS"}'), context);
    expect(added.statusCode).toBe(201);
    expect(added.headers.location).toBe('/tracks/%23aws');
    expect(body(added)).toMatchObject({ term: '#AWS', key: '#aws', kind: 'hashtag' });

    const again = await change(post('{"term":"#aws"}', true), context);
    expect(again.statusCode).toBe(200);
    expect(body(again)).toEqual(body(added));

    await change(post('{"term":"machine learning"}'), context);
    await change(post('{"term":"$aapl"}'), context);
    const listed = await list(sample('tracks-list.json'), context);
    expect((body(listed) as { items: { key: string }[] }).items.map((t) => t.key)).toEqual([
      '#aws',
      '$AAPL',
      'machine learning',
    ]);
    expect(table.ddb).toHaveReceivedCommandWith(QueryCommand, { ConsistentRead: true });

    expect((await change(del('%23AWS'), context)).statusCode).toBe(204);
    expect((await change(del('machine%20learning'), context)).statusCode).toBe(204);
    const gone = await change(del('%23aws'), context);
    expect(gone.statusCode).toBe(404);
    expect(body(gone)).toEqual({ message: '#aws is not tracked' });
    validate(gone, 'DELETE /tracks/{term}');
    expect([...table.items.keys()]).toEqual(['TRACK|$AAPL']);
  });

  it.each([
    [undefined, /body is missing/],
    ['not json', /body is not valid JSON/],
    ['[]', /body must be an object with a term/],
    ['{"tag":"#aws"}', /body must be an object with a term/],
    ['{"term":42}', /term must be a string/],
    ['{"term":""}', /term must not be empty/],
    ['{"term":"#has space"}', /term is invalid: a hashtag may contain only letters, digits and _/],
    ['{"term":"$1X"}', /term is invalid: a cashtag is/],
    [`{"term":"${'k'.repeat(61)}"}`, /term is invalid: a keyword or phrase may have at most 60/],
    ['{"term":"line\\nbreak"}', /term is invalid: a keyword must not contain control characters/],
  ])('refuses the body %j with 400 and the reason', async (raw, message) => {
    const res = await change(post(raw), context);
    expect(res.statusCode).toBe(400);
    expect((body(res) as { message: string }).message).toMatch(message);
    validate(res, 'POST /tracks');
    expect(table.items.size).toBe(0);
  });

  it('refuses a bad term in the path with 400', async () => {
    const res = await change(del('%23'), context);
    expect(res.statusCode).toBe(400);
    expect((body(res) as { message: string }).message).toMatch(/after #/);
  });

  it('answers 409 once the limit of tracked terms is reached', async () => {
    for (let i = 0; i < MAX_TRACKED_TERMS; i++) {
      table.items.set(`TRACK|#t${i}`, {
        pk: 'TRACK',
        sk: `#t${i}`,
        key: `#t${i}`,
        kind: 'hashtag',
        display: `#t${i}`,
        createdAt: '2026-11-22T14:00:00.000Z',
      });
    }
    const full = await change(post('{"term":"#one_more"}'), context);
    expect(full.statusCode).toBe(409);
    validate(full, 'POST /tracks');
    // An already tracked term is still answered as such.
    expect((await change(post('{"term":"#T1"}'), context)).statusCode).toBe(200);
  });

  it('turns a store failure into a 500 without details', async () => {
    table.ddb.on(QueryCommand).rejects(new Error('boom: table TracksTable-test is gone'));
    const res = await list(sample('tracks-list.json'), context);
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/boom/);
    validate(res, 'GET /tracks');
  });
});

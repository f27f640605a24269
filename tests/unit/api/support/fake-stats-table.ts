import {
  BatchGetCommand,
  GetCommand,
  QueryCommand,
  type BatchGetCommandInput,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  type GetCommandInput,
  type GetCommandOutput,
  type QueryCommandInput,
  type QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import { rankListCapOf } from '../../../../functions/domain/counted-kinds';
import {
  RANK_PK_PREFIX,
  RANK_SK,
  type RankListItem,
} from '../../../../functions/domain/rank-lists';

type Item = Record<string, unknown>;

/**
 * A small in-memory StatsTable answering the Queries the read API sends, with DynamoDB's
 * semantics where tests depend on them: sort key order and BETWEEN, ScanIndexForward, Limit
 * applied before FilterExpression, and LastEvaluatedKey paging. The table has no index: top-N
 * reads go through rank lists (fakeGet) and BatchGetItem (fakeBatchGet).
 */
export function fakeQuery(stored: readonly object[]) {
  const items = stored as Item[];
  return (input: QueryCommandInput): Partial<QueryCommandOutput> => {
    if (input.IndexName !== undefined)
      throw new Error(`The StatsTable has no index ${input.IndexName}`);
    const values = input.ExpressionAttributeValues ?? {};
    const from = values[':from'] as string | undefined;
    const to = values[':to'] as string | undefined;
    const rows = items
      .filter((i) => i.pk === values[':pk'])
      .filter((i) => from === undefined || (i.sk as string) >= from)
      .filter((i) => to === undefined || (i.sk as string) <= to)
      .sort((a, b) => ((a.sk as string) < (b.sk as string) ? -1 : 1));
    if (input.ScanIndexForward === false) rows.reverse();
    const start = input.ExclusiveStartKey ? Number(input.ExclusiveStartKey.offset) : 0;
    const end = Math.min(rows.length, start + (input.Limit ?? rows.length));
    let page = rows.slice(start, end);
    const sentiment = values[':sentiment'];
    if (input.FilterExpression && sentiment !== undefined) {
      page = page.filter((i) => i.sentiment === sentiment);
    }
    return {
      Items: page.map((i) => structuredClone(i)),
      Count: page.length,
      ScannedCount: end - start,
      ...(end < rows.length ? { LastEvaluatedKey: { offset: end } } : {}),
    };
  };
}

/**
 * The rank list (domain/rank-lists.ts) the enrich step keeps for `scope` over these counters:
 * those whose `scope` attribute is `scope` and whose mentions are above 0, hinted with their
 * exact mentions, the kind's `rankListCap` highest (ties by pk). Undefined when there are none.
 */
export function rankListOf(stored: readonly object[], scope: string): RankListItem | undefined {
  const ranked = (stored as Item[])
    .filter((i) => i.scope === scope && typeof i.mentions === 'number' && i.mentions > 0)
    .map((i) => [String(i.pk), i.mentions as number] as const)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, rankListCapOf(scope));
  if (ranked.length === 0) return undefined;
  return {
    pk: `${RANK_PK_PREFIX}${scope}`,
    sk: RANK_SK,
    members: Object.fromEntries(ranked),
    rev: 1,
  };
}

/**
 * GetItem over the same items. A rank list key (`RANK#<scope>`, `TOP`) is answered with the list
 * rankListOf builds from the stored counters, or with a rank list item stored as such (a test
 * whose hints differ from the counts stores its list); any other key with the stored item that
 * has its pk and sk. No Item when there is none, as DynamoDB answers.
 */
export function fakeGet(stored: readonly object[]) {
  const items = stored as Item[];
  return (input: GetCommandInput): Partial<GetCommandOutput> => {
    const key = input.Key ?? {};
    const found = items.find((i) => i.pk === key.pk && i.sk === key.sk);
    if (found) return { Item: structuredClone(found) };
    const pk = String(key.pk);
    if (key.sk === RANK_SK && pk.startsWith(RANK_PK_PREFIX)) {
      const list = rankListOf(items, pk.slice(RANK_PK_PREFIX.length));
      return list ? { Item: list } : {};
    }
    return {};
  };
}

/**
 * BatchGetItem over the same items: those whose pk and sk (or id) match a requested key, whole
 * (a ProjectionExpression is not applied). Like DynamoDB it refuses more than 100 keys or a key
 * asked twice in one request, and leaves nothing unprocessed.
 */
export function fakeBatchGet(stored: readonly object[]) {
  const items = stored as Item[];
  return (input: BatchGetCommandInput): Partial<BatchGetCommandOutput> => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([table, request]) => {
        const keys = request.Keys ?? [];
        if (keys.length > 100) throw new Error('ValidationException: too many items requested');
        if (new Set(keys.map((k) => JSON.stringify(k))).size < keys.length) {
          throw new Error('ValidationException: Provided list of item keys contains duplicates');
        }
        return [
          table,
          items
            .filter((i) =>
              keys.some((k) => Object.entries(k).every(([name, value]) => i[name] === value)),
            )
            .map((i) => structuredClone(i)),
        ];
      }),
    ),
    UnprocessedKeys: {},
  });
}

/** Answers the StatsTable's Query, GetItem and BatchGetItem calls of `ddb` from `stored`. */
export function serveStatsTable(
  ddb: AwsClientStub<DynamoDBDocumentClient>,
  stored: readonly object[],
): void {
  ddb.on(QueryCommand).callsFake(fakeQuery(stored));
  ddb.on(GetCommand).callsFake(fakeGet(stored));
  ddb.on(BatchGetCommand).callsFake(fakeBatchGet(stored));
}

/** The scopes whose rank list `ddb` was asked for, in the order asked (`RANK#` stripped). */
export function rankListsRead(ddb: AwsClientStub<DynamoDBDocumentClient>): string[] {
  return ddb
    .commandCalls(GetCommand)
    .map((c) => String(c.args[0].input.Key?.pk))
    .filter((pk) => pk.startsWith(RANK_PK_PREFIX))
    .map((pk) => pk.slice(RANK_PK_PREFIX.length));
}

/** The keys of every BatchGetItem `ddb` was sent, in order. */
export function keysBatchRead(ddb: AwsClientStub<DynamoDBDocumentClient>): Item[] {
  return ddb
    .commandCalls(BatchGetCommand)
    .flatMap((c) => Object.values(c.args[0].input.RequestItems ?? {}))
    .flatMap((r) => r.Keys ?? []);
}

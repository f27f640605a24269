import type {
  BatchGetCommandInput,
  BatchGetCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
} from '@aws-sdk/lib-dynamodb';
import { STATS_GSI } from '../../../../functions/domain/keys';

type Item = Record<string, unknown>;

/**
 * A small in-memory StatsTable answering the Queries the read API sends, with DynamoDB's
 * semantics where tests depend on them: GSI order by mentions, sort key order and BETWEEN,
 * ScanIndexForward, Limit applied before FilterExpression, and LastEvaluatedKey paging.
 */
export function fakeQuery(stored: readonly object[]) {
  const items = stored as Item[];
  return (input: QueryCommandInput): Partial<QueryCommandOutput> => {
    const values = input.ExpressionAttributeValues ?? {};
    let rows: Item[];
    if (input.IndexName === STATS_GSI) {
      rows = items
        .filter((i) => i.scope === values[':scope'])
        .sort((a, b) => (a.mentions as number) - (b.mentions as number));
    } else {
      const from = values[':from'] as string | undefined;
      const to = values[':to'] as string | undefined;
      rows = items
        .filter((i) => i.pk === values[':pk'])
        .filter((i) => from === undefined || (i.sk as string) >= from)
        .filter((i) => to === undefined || (i.sk as string) <= to)
        .sort((a, b) => ((a.sk as string) < (b.sk as string) ? -1 : 1));
    }
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

/** BatchGetItem over the same items: those whose pk and sk (or id) match a requested key. */
export function fakeBatchGet(stored: readonly object[]) {
  const items = stored as Item[];
  return (input: BatchGetCommandInput): Partial<BatchGetCommandOutput> => ({
    Responses: Object.fromEntries(
      Object.entries(input.RequestItems ?? {}).map(([table, request]) => [
        table,
        items
          .filter((i) =>
            (request.Keys ?? []).some((k) =>
              Object.entries(k).every(([name, value]) => i[name] === value),
            ),
          )
          .map((i) => structuredClone(i)),
      ]),
    ),
    UnprocessedKeys: {},
  });
}

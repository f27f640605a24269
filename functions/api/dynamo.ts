import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  paginateQuery,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { STATS_GSI } from '../domain/keys';
import { tracer } from '../shared/powertools';

/** The read API's DynamoDB access: one client per process, Queries only (never Scan). */
export const ddb = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})));

export type Item = Record<string, unknown>;

/**
 * Runs a Query page by page until `max` items were collected, `maxPages` pages were read or the
 * partition is exhausted.
 */
export async function queryItems(
  input: QueryCommandInput,
  max = Infinity,
  maxPages = Infinity,
): Promise<Item[]> {
  const items: Item[] = [];
  let pages = 0;
  for await (const page of paginateQuery({ client: ddb }, input)) {
    items.push(...(page.Items ?? []));
    if (items.length >= max) return items.slice(0, max);
    if (++pages >= maxPages) break;
  }
  return items;
}

/** The top `k` counters of one ByCount scope, highest mentions first. */
export function queryTop(table: string, scope: string, k: number): Promise<Item[]> {
  return queryItems(
    {
      TableName: table,
      IndexName: STATS_GSI,
      KeyConditionExpression: '#scope = :scope',
      ExpressionAttributeNames: { '#scope': 'scope' },
      ExpressionAttributeValues: { ':scope': scope },
      ScanIndexForward: false,
      Limit: k,
    },
    k,
  );
}

/** Every scope's top `k`, queried in parallel; the result keeps the order of `scopes`. */
export const queryScopes = (table: string, scopes: string[], k: number): Promise<Item[][]> =>
  Promise.all(scopes.map((scope) => queryTop(table, scope, k)));

/** Items of one partition with sk BETWEEN `skFrom` AND `skTo`, in sort key order. */
export function queryBetween(
  table: string,
  pk: string,
  skFrom: string,
  skTo: string,
): Promise<Item[]> {
  return queryItems({
    TableName: table,
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': pk, ':from': skFrom, ':to': skTo },
  });
}

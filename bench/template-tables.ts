import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ensureTables } from '../local/services/dynamodb';
import { resolveTemplate } from '../local/template';
import { findRepoRoot } from '../local/paths';

/**
 * Creates template.yaml's tables (keys, indexes, streams, TTL) under the names a benchmark gives
 * them, by logical id: a benchmark measures the tables the stack has, not a copy of them.
 */
export async function createTemplateTables(
  client: DynamoDBClient,
  names: Record<string, string>,
): Promise<void> {
  const { tables } = resolveTemplate({ root: findRepoRoot(), skipDefinitions: true });
  const wanted = tables
    .filter((t) => names[t.logicalId] !== undefined)
    .map((t) => {
      const name = names[t.logicalId]!;
      return { ...t, name, createInput: { ...t.createInput, TableName: name } };
    });
  const missing = Object.keys(names).filter((id) => !wanted.some((t) => t.logicalId === id));
  if (missing.length > 0) throw new Error(`template.yaml has no table ${missing.join(', ')}`);
  await ensureTables(client, wanted);
}

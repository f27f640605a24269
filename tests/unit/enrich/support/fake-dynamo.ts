import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  BatchWriteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type BatchGetCommandInput,
  type BatchWriteCommandInput,
  type GetCommandInput,
  type PutCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';

/**
 * An in-memory stand-in for the DynamoDB calls the Persist step makes, with DynamoDB's semantics
 * for exactly those calls: transactions are all-or-nothing, condition failures and injected
 * conflicts cancel with per-item CancellationReasons, a transaction may hold at most 100 items
 * and touch an item once, an item over 400 KB is refused (ValidationException), and
 * BatchWriteItem can leave items unprocessed.
 */

type Item = Record<string, unknown>;
type Update = NonNullable<
  NonNullable<TransactWriteCommandInput['TransactItems']>[number]['Update']
>;

type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

/** DynamoDB's item size limit; the fake measures an item as its JSON. */
export const MAX_ITEM_BYTES = 400 * 1024;
const ITEM_TOO_LARGE = 'Item size has exceeded the maximum allowed size';
const tooLarge = (item: unknown): boolean =>
  Buffer.byteLength(JSON.stringify(item)) > MAX_ITEM_BYTES;

const keyOf = (key: Item): string => JSON.stringify(Object.entries(key).sort());

export class FakeDynamo {
  readonly mock = mockClient(DynamoDBDocumentClient);
  private readonly tables = new Map<string, Map<string, Item>>();
  private readonly cancellations: string[] = [];
  private readonly thrown: string[] = [];
  private unprocessedBatches = 0;
  private throwing: { match: (items: TransactItems) => boolean; name: string } | undefined;
  private refusing:
    { match: (item: TransactItems[number]) => boolean; message: string } | undefined;
  /** Every TransactItems list sent, committed or not. */
  readonly transactions: TransactItems[] = [];

  constructor() {
    this.mock
      .on(TransactWriteCommand)
      .callsFake((input: TransactWriteCommandInput) => this.transact(input));
    this.mock.on(BatchWriteCommand).callsFake((input: BatchWriteCommandInput) => this.batch(input));
    this.mock.on(UpdateCommand).callsFake((input: UpdateCommandInput) => this.update(input));
    this.mock.on(PutCommand).callsFake((input: PutCommandInput) => this.putItem(input));
    this.mock.on(BatchGetCommand).callsFake((input: BatchGetCommandInput) => this.batchGet(input));
    this.mock.on(QueryCommand).callsFake((input: QueryCommandInput) => this.query(input));
    this.mock.on(GetCommand).callsFake((input: GetCommandInput) => {
      const item = this.get(input.TableName ?? '', input.Key as Item);
      return item ? { Item: structuredClone(item) } : {};
    });
  }

  put(table: string, item: Item, keyAttrs: string[] = ['id']): void {
    const key = Object.fromEntries(keyAttrs.map((k) => [k, item[k]]));
    this.table(table).set(keyOf(key), structuredClone(item));
  }

  get(table: string, key: Item): Item | undefined {
    return this.table(table).get(keyOf(key));
  }

  items(table: string): Item[] {
    return [...this.table(table).values()];
  }

  /** The next transactions are cancelled with this reason on every item (e.g. TransactionConflict). */
  cancelNext(...codes: string[]): void {
    this.cancellations.push(...codes);
  }

  /** The next transactions throw an error with this name (e.g. ProvisionedThroughputExceededException). */
  throwNext(...names: string[]): void {
    this.thrown.push(...names);
  }

  /** Transactions that match throw an error with this name until `clearThrowWhen`. */
  throwWhen(match: (items: TransactItems) => boolean, name: string): void {
    this.throwing = { match, name };
  }

  clearThrowWhen(): void {
    this.throwing = undefined;
  }

  /**
   * Transactions holding an item that matches are cancelled with a ValidationError reason (and
   * this message) on that item and None on the others, as DynamoDB refuses an invalid item.
   */
  refuseWhen(match: (item: TransactItems[number]) => boolean, message: string): void {
    this.refusing = { match, message };
  }

  /** The next BatchWriteItem calls leave their last item unprocessed. */
  leaveUnprocessed(calls: number): void {
    this.unprocessedBatches += calls;
  }

  reset(): void {
    this.mock.reset();
    this.mock.restore();
  }

  private table(name: string): Map<string, Item> {
    let t = this.tables.get(name);
    if (!t) this.tables.set(name, (t = new Map()));
    return t;
  }

  private transact(input: TransactWriteCommandInput): object {
    const items = input.TransactItems ?? [];
    this.transactions.push(items);
    if (items.length > 100) throw validation('Member must have length less than or equal to 100');
    const updates = items.map((i): Update => {
      if (i.Put) {
        // A Put as an update that sets every attribute (the fake's only Puts are conditional).
        const item = i.Put.Item as Item;
        return {
          TableName: i.Put.TableName,
          Key: item.id === undefined ? { pk: item.pk, sk: item.sk } : { id: item.id },
          ...namedCondition(i.Put.ConditionExpression),
          UpdateExpression: '',
          putItem: item,
        } as Update & { putItem: Item };
      }
      if (i.Delete) {
        return {
          TableName: i.Delete.TableName,
          Key: i.Delete.Key,
          ...namedCondition(i.Delete.ConditionExpression),
          UpdateExpression: '',
          deleteItem: true,
        } as Update & { deleteItem: boolean };
      }
      if (!i.Update)
        throw validation('Only Update, Put and Delete items are supported by the fake');
      return i.Update;
    });
    const targets = updates.map((u) => `${u.TableName}|${keyOf(u.Key as Item)}`);
    if (new Set(targets).size !== targets.length) {
      const dup = targets.find((t, i) => targets.indexOf(t) !== i);
      throw validation(
        `Transaction request cannot include multiple operations on one item (${dup})`,
      );
    }
    if (this.throwing?.match(items)) {
      throw Object.assign(new Error(`Injected ${this.throwing.name}`), {
        name: this.throwing.name,
      });
    }
    const thrown = this.thrown.shift();
    if (thrown) throw Object.assign(new Error(`Injected ${thrown}`), { name: thrown });
    if (items.some((i) => i.Put && tooLarge(i.Put.Item))) throw validation(ITEM_TOO_LARGE);
    const injected = this.cancellations.shift();
    const refusing = this.refusing;
    const reasons = updates.map((u, n): { Code: string; Message?: string } =>
      refusing?.match(items[n]!)
        ? { Code: 'ValidationError', Message: refusing.message }
        : { Code: injected ?? (this.conditionHolds(u) ? 'None' : 'ConditionalCheckFailed') },
    );
    if (reasons.some((r) => r.Code !== 'None')) throw cancelled(reasons);
    for (const u of updates) this.apply(u);
    return {};
  }

  private batch(input: BatchWriteCommandInput): object {
    const unprocessed: NonNullable<BatchWriteCommandInput['RequestItems']> = {};
    for (const [table, requests] of Object.entries(input.RequestItems ?? {})) {
      let todo = requests;
      if (this.unprocessedBatches > 0 && todo.length > 0) {
        this.unprocessedBatches -= 1;
        unprocessed[table] = todo.slice(-1);
        todo = todo.slice(0, -1);
      }
      for (const r of todo) {
        const item = r.PutRequest?.Item;
        if (item) this.put(table, item, ['pk', 'sk']);
        const key = r.DeleteRequest?.Key;
        if (key) this.table(table).delete(keyOf(key as Item));
      }
    }
    return { UnprocessedItems: unprocessed };
  }

  private putItem(input: PutCommandInput): object {
    const item = input.Item as Item;
    if (tooLarge(item)) throw validation(ITEM_TOO_LARGE);
    // A PostsTable item is keyed by id, a StatsTable item by pk and sk.
    const keyAttrs = item.pk === undefined ? ['id'] : ['pk', 'sk'];
    const u = {
      TableName: input.TableName,
      Key: Object.fromEntries(keyAttrs.map((k) => [k, item[k]])),
      ...namedCondition(input.ConditionExpression),
      ...(input.ExpressionAttributeNames || input.ExpressionAttributeValues
        ? {
            ConditionExpression: input.ConditionExpression,
            ExpressionAttributeNames: input.ExpressionAttributeNames,
            ExpressionAttributeValues: input.ExpressionAttributeValues,
          }
        : {}),
      UpdateExpression: '',
    } as Update;
    if (!this.conditionHolds(u)) {
      throw Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      });
    }
    this.put(input.TableName ?? '', item, keyAttrs);
    return {};
  }

  /** `pk = :pk`, optionally `AND sk < :v`, in sort key order. */
  private query(input: QueryCommandInput): object {
    const values = (input.ExpressionAttributeValues ?? {}) as Item;
    const [pk, below] = [values[':pk'], values[':cutoff']] as [string, string | undefined];
    const items = this.items(input.TableName ?? '')
      .filter((i) => i.pk === pk && (below === undefined || (i.sk as string) < below))
      .sort((a, b) => ((a.sk as string) < (b.sk as string) ? -1 : 1))
      .slice(0, input.Limit ?? Infinity);
    return { Items: structuredClone(items) };
  }

  private batchGet(input: BatchGetCommandInput): object {
    const responses: Record<string, Item[]> = {};
    for (const [table, request] of Object.entries(input.RequestItems ?? {})) {
      responses[table] = (request.Keys ?? []).flatMap((key) => {
        const item = this.get(table, key as Item);
        return item ? [structuredClone(item)] : [];
      });
    }
    return { Responses: responses, UnprocessedKeys: {} };
  }

  /** A single UpdateItem: its condition (clauses joined by AND, or by OR) and its update. */
  private update(input: UpdateCommandInput): object {
    const u = input as Update;
    if (!this.conditionHolds(u)) {
      throw Object.assign(new Error('The conditional request failed'), {
        name: 'ConditionalCheckFailedException',
      });
    }
    this.apply(u);
    return {};
  }

  private conditionHolds(u: Update): boolean {
    if (!u.ConditionExpression) return true;
    const current = this.get(u.TableName ?? '', u.Key as Item);
    const names = u.ExpressionAttributeNames ?? {};
    const values = (u.ExpressionAttributeValues ?? {}) as Item;
    const clause = (text: string): boolean => {
      const exists = /^attribute_(not_)?exists\((#\w+)\)$/.exec(text.trim());
      if (exists) {
        const attr = names[exists[2] ?? ''] ?? '';
        const found = current !== undefined && current[attr] !== undefined;
        return exists[1] ? !found : found;
      }
      const equal = /^(#\w+) = (:\w+)$/.exec(text.trim());
      if (equal) return current?.[names[equal[1] ?? ''] ?? ''] === values[equal[2] ?? ''];
      const less = /^(#\w+) < (:\w+)$/.exec(text.trim());
      if (less) {
        const value = current?.[names[less[1] ?? ''] ?? ''];
        return value !== undefined && (value as string) < (values[less[2] ?? ''] as string);
      }
      throw validation(`Unsupported condition ${text}`);
    };
    const expr = u.ConditionExpression;
    return expr.includes(' OR ')
      ? expr.split(' OR ').some(clause)
      : expr.split(' AND ').every(clause);
  }

  private apply(u: Update): void {
    const whole = (u as Update & { putItem?: Item }).putItem;
    if (whole) {
      this.put(u.TableName ?? '', whole, Object.keys(u.Key as Item));
      return;
    }
    if ((u as Update & { deleteItem?: boolean }).deleteItem) {
      this.table(u.TableName ?? '').delete(keyOf(u.Key as Item));
      return;
    }
    const names = u.ExpressionAttributeNames ?? {};
    const values = (u.ExpressionAttributeValues ?? {}) as Item;
    const table = u.TableName ?? '';
    const item = structuredClone(this.get(table, u.Key as Item) ?? { ...(u.Key as Item) });
    const expr = u.UpdateExpression ?? '';
    const add = /ADD (.*?)(?: SET | REMOVE |$)/.exec(expr)?.[1];
    const set = /SET (.*?)(?: REMOVE |$)/.exec(expr)?.[1];
    const remove = /REMOVE (.*)$/.exec(expr)?.[1];
    for (const n of remove ? remove.split(', ') : []) delete item[names[n] ?? n];
    for (const part of add ? add.split(', ') : []) {
      const [n = '', v = ''] = part.split(' ');
      const attr = names[n] ?? n;
      item[attr] = ((item[attr] as number | undefined) ?? 0) + (values[v] as number);
    }
    for (const part of set ? set.split(/, (?=#)/) : []) {
      const [n = '', rhs = ''] = part.split(' = ');
      const attr = names[n] ?? n;
      const ifMissing = /^if_not_exists\(#\w+, (:\w+)\)$/.exec(rhs);
      if (ifMissing) item[attr] ??= values[ifMissing[1] ?? ''];
      else item[attr] = values[rhs];
    }
    this.table(table).set(keyOf(u.Key as Item), item);
  }
}

/** A Put's or Delete's condition on plain attribute names, with placeholders as an Update has. */
function namedCondition(expr: string | undefined): Partial<Update> {
  if (!expr) return {};
  const names: Record<string, string> = {};
  const ConditionExpression = expr.replace(/\((\w+)\)/g, (_, name: string) => {
    names[`#${name}`] = name;
    return `(#${name})`;
  });
  return { ConditionExpression, ExpressionAttributeNames: names };
}

function cancelled(reasons: { Code: string; Message?: string }[]): Error {
  return new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${reasons.map((r) => r.Code).join(', ')}]`,
    $metadata: {},
    CancellationReasons: reasons,
  });
}

function validation(message: string): Error {
  return Object.assign(new Error(message), { name: 'ValidationException' });
}

/**
 * Write units of TransactWriteItems calls as DynamoDB bills them: 2 per KB of each item in the
 * transaction. DynamoDB Local reports, per table, the units of one item only, whatever the number
 * of items (a transaction of ten 100-byte puts: 2 units, not 20), so the counting proxy works them
 * out from the request instead. A put's size is in the request; an update or delete is billed on
 * the item as stored (the larger of before and after), so sizes are remembered from every write
 * that passes the proxy. An item never seen (a counter only ever updated) is taken at the size of
 * its key and the update's values.
 */

/** A DynamoDB AttributeValue as it travels on the wire (JSON protocol). */
type Wire = Record<string, unknown>;
type Item = Record<string, Wire>;

const utf8 = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Bytes of one attribute value, by DynamoDB's rules ("Item sizes and formats"). */
export function valueBytes(value: Wire): number {
  const [type, v] = Object.entries(value)[0] ?? ['NULL', true];
  switch (type) {
    case 'S':
      return utf8(String(v));
    case 'N':
      // About one byte per two significant digits, plus one.
      return Math.ceil(String(v).replace(/^[-+]?0*|[.eE].*$/g, '').length / 2) + 1;
    case 'B':
      return Buffer.from(String(v), 'base64').length;
    case 'BOOL':
    case 'NULL':
      return 1;
    case 'SS':
      return (v as string[]).reduce((n, s) => n + utf8(s), 0);
    case 'NS':
      return (v as string[]).reduce((n, s) => n + valueBytes({ N: s }), 0);
    case 'BS':
      return (v as string[]).reduce((n, s) => n + valueBytes({ B: s }), 0);
    case 'L':
      return 3 + (v as Wire[]).reduce((n, e) => n + 1 + valueBytes(e), 0);
    case 'M':
      return (
        3 + Object.entries(v as Item).reduce((n, [k, e]) => n + 1 + utf8(k) + valueBytes(e), 0)
      );
    default:
      return 0;
  }
}

/** Bytes of an item: every attribute's name and value. */
export const itemBytes = (item: Item): number =>
  Object.entries(item).reduce((n, [name, value]) => n + utf8(name) + valueBytes(value), 0);

/** Billed kilobytes of a write: every started KB, at least one. */
const kb = (bytes: number): number => Math.max(1, Math.ceil(bytes / 1024));

interface TransactItem {
  Put?: { TableName: string; Item: Item };
  Update?: { TableName: string; Key: Item; ExpressionAttributeValues?: Item };
  Delete?: { TableName: string; Key: Item };
  ConditionCheck?: { TableName: string; Key: Item };
}

/**
 * Item sizes by table and key, kept from the writes seen. `keyNames(table)` gives a table's key
 * attributes (hash first); an unknown table's puts cannot be keyed and are not remembered.
 */
export class WriteUnits {
  private readonly sizes = new Map<string, number>();

  constructor(private readonly keyNames: (table: string) => readonly string[] | undefined) {}

  private keyOf(table: string, key: Item): string {
    return `${table}\u0000${JSON.stringify(
      Object.keys(key)
        .sort()
        .map((k) => key[k]),
    )}`;
  }

  private keyOfItem(table: string, item: Item): string | undefined {
    const names = this.keyNames(table);
    if (!names || names.some((n) => item[n] === undefined)) return undefined;
    return this.keyOf(table, Object.fromEntries(names.map((n) => [n, item[n]!])));
  }

  /** A put of a whole item (PutItem, a BatchWriteItem put, a transaction's put): its size. */
  put(table: string, item: Item): number {
    const bytes = itemBytes(item);
    const key = this.keyOfItem(table, item);
    if (key === undefined) return bytes;
    const before = this.sizes.get(key) ?? 0;
    this.sizes.set(key, bytes);
    return Math.max(before, bytes);
  }

  /** An update: the larger of the item before and after (after: before plus the new values). */
  update(table: string, key: Item, values: Item = {}): number {
    const id = this.keyOf(table, key);
    const before = this.sizes.get(id) ?? itemBytes(key);
    const after = before + Object.values(values).reduce((n, v) => n + valueBytes(v), 0);
    this.sizes.set(id, after);
    return after;
  }

  /** A delete: the item as it was. */
  delete(table: string, key: Item): number {
    const id = this.keyOf(table, key);
    const before = this.sizes.get(id) ?? itemBytes(key);
    this.sizes.delete(id);
    return before;
  }

  /** Units of a committed TransactWriteItems request, per table: 2 per KB of each item. */
  transaction(items: readonly TransactItem[]): Record<string, number> {
    const units: Record<string, number> = {};
    for (const t of items) {
      let bytes = 0;
      let table = '';
      if (t.Put) {
        table = t.Put.TableName;
        bytes = this.put(table, t.Put.Item);
      } else if (t.Update) {
        table = t.Update.TableName;
        bytes = this.update(table, t.Update.Key, t.Update.ExpressionAttributeValues);
      } else if (t.Delete) {
        table = t.Delete.TableName;
        bytes = this.delete(table, t.Delete.Key);
      } else if (t.ConditionCheck) {
        table = t.ConditionCheck.TableName;
        const key = t.ConditionCheck.Key;
        bytes = this.sizes.get(this.keyOf(table, key)) ?? itemBytes(key);
      }
      units[table] = (units[table] ?? 0) + 2 * kb(bytes);
    }
    return units;
  }

  /** Sizes to remember from a non-transactional write (its units DynamoDB Local reports right). */
  observe(op: string, json: Record<string, unknown>): void {
    const table = String(json.TableName ?? '');
    if (op === 'PutItem') this.put(table, json.Item as Item);
    else if (op === 'UpdateItem')
      this.update(table, json.Key as Item, json.ExpressionAttributeValues as Item | undefined);
    else if (op === 'DeleteItem') this.delete(table, json.Key as Item);
    else if (op === 'BatchWriteItem') {
      const requests = (json.RequestItems ?? {}) as Record<
        string,
        { PutRequest?: { Item: Item }; DeleteRequest?: { Key: Item } }[]
      >;
      for (const [name, list] of Object.entries(requests)) {
        for (const r of list) {
          if (r.PutRequest) this.put(name, r.PutRequest.Item);
          else if (r.DeleteRequest) this.delete(name, r.DeleteRequest.Key);
        }
      }
    }
  }
}

/**
 * Write units of TransactWriteItems calls as DynamoDB bills them: 2 per KB of each item in the
 * transaction. DynamoDB Local reports, per table, the units of one item only, whatever the number
 * of items (a transaction of ten 100-byte puts: 2 units, not 20), so the counting proxy works them
 * out from the request instead. A put's size is in the request; an update or delete is billed on
 * the item as stored (the larger of before and after), so items are remembered, attribute by
 * attribute, from every write that passes the proxy, updates applied. An item never seen before
 * an update starts from its key.
 *
 * Each write also writes the table's global secondary indexes the item is in, before or after,
 * at the standard rate (1 per KB of the item; indexes projecting ALL): an item entering or
 * leaving an index, or changing only attributes outside its keys, is one index write; a change of
 * an index key attribute is two, a delete and a put (the StatsTable's ByCount index, sorted by
 * `mentions`, billed two on every counter update until rank lists replaced it). DynamoDB Local reports these for single writes (checked) and so does AWS;
 * transactions are billed here on the same rule.
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

/** Write units of one item of `bytes` in a transaction: 2 per KB or part of one. */
export const transactionalUnits = (bytes: number): number => 2 * kb(bytes);

interface UpdateRequest {
  TableName: string;
  Key: Item;
  UpdateExpression?: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Item;
}

interface TransactItem {
  Put?: { TableName: string; Item: Item };
  Update?: UpdateRequest;
  Delete?: { TableName: string; Key: Item };
  ConditionCheck?: { TableName: string; Key: Item };
}

/** Bytes per top-level attribute (its name and value) of one stored item. */
type Attributes = Map<string, number>;

/** What one write of an item bills: its size (the larger of before and after) and index units. */
interface Written {
  bytes: number;
  indexUnits: number;
}

/** A global secondary index: its key attributes (projection ALL). */
export interface IndexShape {
  keys: readonly string[];
}

const attributesOf = (item: Item): Attributes =>
  new Map(Object.entries(item).map(([n, v]) => [n, utf8(n) + valueBytes(v)]));

const total = (attrs: Attributes): number => [...attrs.values()].reduce((n, b) => n + b, 0);

/** Splits on commas outside parentheses (`SET a = if_not_exists(a, :z) + :one, b = :b`). */
function actions(clause: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < clause.length; i++) {
    const c = clause[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(clause.slice(start, i));
      start = i + 1;
    }
  }
  out.push(clause.slice(start));
  return out.map((a) => a.trim()).filter(Boolean);
}

/**
 * The item after an update: SET gives an attribute the size of the values on its right-hand side
 * (`rev = rev + :one` keeps its size), ADD the larger of its size and the value's, REMOVE drops
 * it. A nested path (`#m.#k = :v`) grows its top-level attribute. Close enough to bill by KB.
 */
function applyUpdate(attrs: Attributes, u: UpdateRequest): Set<string> {
  const touched = new Set<string>();
  const names = u.ExpressionAttributeNames ?? {};
  const values = u.ExpressionAttributeValues ?? {};
  const valuesIn = (expr: string): number =>
    (expr.match(/:[A-Za-z0-9_]+/g) ?? []).reduce(
      (n, p) => n + (values[p] ? valueBytes(values[p]) : 0),
      0,
    );
  const top = (path: string): { name: string; nested: boolean } => {
    const first = path.trim().split(/[.[]/)[0] ?? '';
    return { name: names[first] ?? first, nested: /[.[]/.test(path.trim()) };
  };
  const expression = u.UpdateExpression ?? '';
  const clauses = expression.split(/\b(SET|ADD|REMOVE|DELETE)\b/i).slice(1);
  for (let i = 0; i + 1 < clauses.length; i += 2) {
    const keyword = clauses[i]!.toUpperCase();
    for (const action of actions(clauses[i + 1]!)) {
      if (keyword === 'SET') {
        const [path = '', rhs = ''] = action.split(/=(.*)/s);
        const { name, nested } = top(path);
        touched.add(name);
        const bytes = valuesIn(rhs);
        const current = attrs.get(name);
        if (nested) attrs.set(name, (current ?? utf8(name) + 3) + bytes);
        else if (bytes > 0 || current === undefined) attrs.set(name, utf8(name) + bytes);
      } else if (keyword === 'ADD') {
        const [path = '', value = ''] = action.split(/\s+/);
        const { name } = top(path);
        touched.add(name);
        attrs.set(name, Math.max(attrs.get(name) ?? 0, utf8(name) + valuesIn(value)));
      } else if (keyword === 'REMOVE') {
        const { name, nested } = top(action);
        touched.add(name);
        if (!nested) attrs.delete(name);
      }
    }
  }
  return touched;
}

/**
 * Items by table and key, as sizes per attribute, kept from the writes seen. `keyNames(table)`
 * gives a table's key attributes; an unknown table's puts cannot be keyed and are not remembered.
 */
export class WriteUnits {
  private readonly items = new Map<string, Attributes>();

  constructor(
    private readonly keyNames: (table: string) => readonly string[] | undefined,
    private readonly indexes: (table: string) => readonly IndexShape[] = () => [],
  ) {}

  /**
   * Index write units of one write: `touched` holds the attributes it wrote (`all` for a put,
   * which may change any of them).
   */
  private indexUnits(
    table: string,
    before: Attributes | undefined,
    after: Attributes | undefined,
    touched: Set<string> | 'all',
  ): number {
    let units = 0;
    for (const index of this.indexes(table)) {
      const inBefore = before !== undefined && index.keys.every((k) => before.has(k));
      const inAfter = after !== undefined && index.keys.every((k) => after.has(k));
      if (inBefore && inAfter) {
        const moved = touched === 'all' || index.keys.some((k) => touched.has(k));
        units += moved ? kb(total(before)) + kb(total(after)) : kb(total(after));
      } else if (inAfter) units += kb(total(after));
      else if (inBefore) units += kb(total(before));
    }
    return units;
  }

  private keyOf(table: string, key: Item): string {
    return `${table}\u0000${JSON.stringify(
      Object.keys(key)
        .sort()
        .map((k) => key[k]),
    )}`;
  }

  private keyOfItem(table: string, item: Item): string | undefined {
    const names = this.keyNames(table);
    if (!names || names.length === 0 || names.some((n) => item[n] === undefined)) return undefined;
    return this.keyOf(table, Object.fromEntries(names.map((n) => [n, item[n]!])));
  }

  /** A put of a whole item: the larger of the item it replaces and itself. */
  put(table: string, item: Item): Written {
    const attrs = attributesOf(item);
    const key = this.keyOfItem(table, item);
    const before = key === undefined ? undefined : this.items.get(key);
    if (key !== undefined) this.items.set(key, attrs);
    return {
      bytes: Math.max(before ? total(before) : 0, total(attrs)),
      indexUnits: this.indexUnits(table, before, attrs, 'all'),
    };
  }

  /** An update: the larger of the item before and after. */
  update(u: UpdateRequest): Written {
    const id = this.keyOf(u.TableName, u.Key);
    const stored = this.items.get(id);
    const attrs = new Map(stored ?? attributesOf(u.Key));
    const before = total(attrs);
    const touched = applyUpdate(attrs, u);
    this.items.set(id, attrs);
    return {
      bytes: Math.max(before, total(attrs)),
      indexUnits: this.indexUnits(u.TableName, stored, attrs, touched),
    };
  }

  /** The stored item's size; an item never seen is its key. */
  private storedBytes(
    table: string,
    key: Item,
    attrs = this.items.get(this.keyOf(table, key)),
  ): number {
    return attrs ? total(attrs) : itemBytes(key);
  }

  /** A delete: the item as it was. */
  delete(table: string, key: Item): Written {
    const id = this.keyOf(table, key);
    const stored = this.items.get(id);
    this.items.delete(id);
    return {
      bytes: this.storedBytes(table, key, stored),
      indexUnits: this.indexUnits(table, stored, undefined, 'all'),
    };
  }

  /**
   * Units of a committed TransactWriteItems request, per table: 2 per KB of each item, and the
   * index writes at the standard rate.
   */
  transaction(items: readonly TransactItem[]): Record<string, number> {
    const units: Record<string, number> = {};
    for (const t of items) {
      let written: Written = { bytes: 0, indexUnits: 0 };
      let table = '';
      if (t.Put) {
        table = t.Put.TableName;
        written = this.put(table, t.Put.Item);
      } else if (t.Update) {
        table = t.Update.TableName;
        written = this.update(t.Update);
      } else if (t.Delete) {
        table = t.Delete.TableName;
        written = this.delete(table, t.Delete.Key);
      } else if (t.ConditionCheck) {
        table = t.ConditionCheck.TableName;
        written.bytes = this.storedBytes(table, t.ConditionCheck.Key);
      }
      units[table] = (units[table] ?? 0) + transactionalUnits(written.bytes) + written.indexUnits;
    }
    return units;
  }

  /**
   * Units of a BatchExecuteStatement call's INSERTs, per table: DynamoDB Local reports none for
   * PartiQL, so each INSERT that succeeded (its response has no Error) is billed as the standard
   * put it is, 1 per KB and its index writes. Only `INSERT INTO "t" VALUE {'a': ?, ...}` is read;
   * other statements are billed nothing (the claims probe writes no others).
   */
  inserts(
    statements: readonly { Statement?: string; Parameters?: Wire[] }[],
    responses: readonly { Error?: unknown }[],
  ): Record<string, number> {
    const units: Record<string, number> = {};
    statements.forEach((st, i) => {
      if (responses[i]?.Error !== undefined) return;
      const item = insertedItem(st.Statement ?? '', st.Parameters ?? []);
      if (item === undefined) return;
      const written = this.put(item.table, item.item);
      units[item.table] = (units[item.table] ?? 0) + kb(written.bytes) + written.indexUnits;
    });
    return units;
  }

  /** Sizes to remember from a non-transactional write (its units DynamoDB Local reports right). */
  observe(op: string, json: Record<string, unknown>): void {
    const table = String(json.TableName ?? '');
    if (op === 'PutItem') this.put(table, json.Item as Item);
    else if (op === 'UpdateItem') this.update(json as unknown as UpdateRequest);
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

/** The table and item of `INSERT INTO "t" VALUE {'a': ?, 'b': ?}` with its parameters. */
export function insertedItem(
  statement: string,
  parameters: readonly Wire[],
): { table: string; item: Item } | undefined {
  const m = /^\s*INSERT\s+INTO\s+"([^"]+)"\s+VALUE\s*\{(.*)\}\s*$/is.exec(statement);
  if (!m) return undefined;
  const names = [...m[2]!.matchAll(/'([^']+)'\s*:\s*\?/g)].map((n) => n[1]!);
  if (names.length !== parameters.length) return undefined;
  return { table: m[1]!, item: Object.fromEntries(names.map((n, i) => [n, parameters[i]!])) };
}

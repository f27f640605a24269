/**
 * Lambda event filtering (FilterCriteria): EventBridge-style patterns matched against the record.
 * Supported: exact values (string, number, boolean, null), prefix, suffix, equals-ignore-case,
 * wildcard, anything-but (values, prefix, suffix), exists, numeric ranges, and `$or`.
 * A record passes when any of the filters matches; with no filters every record passes.
 */

export type RecordFilter = (record: unknown) => boolean;

export class FilterPatternError extends Error {
  override name = 'InvalidFilterPattern';
}

type Json = Record<string, unknown>;
type ValueMatcher = (value: unknown, present: boolean) => boolean;

const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function numericMatcher(spec: unknown[]): ValueMatcher {
  const tests: ((n: number) => boolean)[] = [];
  for (let i = 0; i < spec.length; i += 2) {
    const op = spec[i];
    const bound = Number(spec[i + 1]);
    if (!Number.isFinite(bound))
      throw new FilterPatternError(`numeric bound must be a number: ${JSON.stringify(spec)}`);
    const test = {
      '=': (n: number) => n === bound,
      '<': (n: number) => n < bound,
      '<=': (n: number) => n <= bound,
      '>': (n: number) => n > bound,
      '>=': (n: number) => n >= bound,
    }[String(op)];
    if (!test) throw new FilterPatternError(`unknown numeric operator ${String(op)}`);
    tests.push(test);
  }
  return (v) => typeof v === 'number' && tests.every((t) => t(v));
}

function wildcardMatcher(pattern: string): ValueMatcher {
  const re = new RegExp(
    `^${pattern
      .split('*')
      .map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return (v) => typeof v === 'string' && re.test(v);
}

function stringTest(spec: unknown, how: 'prefix' | 'suffix'): ValueMatcher {
  const ignoreCase = isObject(spec) && typeof spec['equals-ignore-case'] === 'string';
  const text = ignoreCase ? String((spec as Json)['equals-ignore-case']) : spec;
  if (typeof text !== 'string') throw new FilterPatternError(`${how} expects a string`);
  const t = ignoreCase ? text.toLowerCase() : text;
  return (v) => {
    if (typeof v !== 'string') return false;
    const s = ignoreCase ? v.toLowerCase() : v;
    return how === 'prefix' ? s.startsWith(t) : s.endsWith(t);
  };
}

function equalsLiteral(literal: unknown): ValueMatcher {
  return (v) =>
    typeof literal === 'number' && typeof v === 'number' ? v === literal : v === literal;
}

function compileValue(spec: unknown): ValueMatcher {
  if (!isObject(spec)) {
    const eq = equalsLiteral(spec);
    return (v, present) => present && eq(v, present);
  }
  const entries = Object.entries(spec);
  if (entries.length !== 1)
    throw new FilterPatternError(`one operator per matcher: ${JSON.stringify(spec)}`);
  const [op, arg] = entries[0]!;
  switch (op) {
    case 'exists':
      return (_v, present) => present === (arg === true);
    case 'prefix':
    case 'suffix': {
      const t = stringTest(arg, op);
      return (v, present) => present && t(v, present);
    }
    case 'equals-ignore-case': {
      const target = String(arg).toLowerCase();
      return (v, present) => present && typeof v === 'string' && v.toLowerCase() === target;
    }
    case 'wildcard': {
      const w = wildcardMatcher(String(arg));
      return (v, present) => present && w(v, present);
    }
    case 'numeric': {
      if (!Array.isArray(arg)) throw new FilterPatternError('numeric expects a list');
      const n = numericMatcher(arg);
      return (v, present) => present && n(v, present);
    }
    case 'anything-but': {
      let inner: ValueMatcher;
      if (isObject(arg)) {
        const [[k, a]] = Object.entries(arg) as [[string, unknown]];
        inner = k === 'prefix' || k === 'suffix' ? stringTest(a, k) : compileValue(arg);
      } else {
        const values = (Array.isArray(arg) ? arg : [arg]).map(equalsLiteral);
        inner = (v, p) => values.some((m) => m(v, p));
      }
      // Like EventBridge, a missing field never matches anything-but.
      return (v, present) => present && !inner(v, present);
    }
    default:
      throw new FilterPatternError(`unsupported filter operator ${op}`);
  }
}

function compileObject(pattern: Json): (value: unknown) => boolean {
  const checks: ((value: Json) => boolean)[] = [];
  for (const [key, spec] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(spec)) throw new FilterPatternError('$or expects a list of patterns');
      const alternatives = spec.map((p) => compileObject(p as Json));
      checks.push((obj) => alternatives.some((a) => a(obj)));
    } else if (Array.isArray(spec)) {
      const matchers = spec.map(compileValue);
      checks.push((obj) => {
        const present = Object.prototype.hasOwnProperty.call(obj, key);
        const value = obj[key];
        // An array field matches when any element does.
        const candidates = Array.isArray(value) ? value : [value];
        if (Array.isArray(value) && value.length === 0)
          return matchers.some((m) => m(undefined, false));
        return candidates.some((c) => matchers.some((m) => m(c, present)));
      });
    } else if (isObject(spec)) {
      const nested = compileObject(spec);
      const requiresAbsent = JSON.stringify(spec).includes('"exists":false');
      checks.push((obj) => {
        const value = obj[key];
        if (isObject(value)) return nested(value);
        // `{"a": {"b": [{"exists": false}]}}` matches a record without `a` at all.
        return requiresAbsent && value === undefined && nested({});
      });
    } else {
      throw new FilterPatternError(`pattern values must be lists or objects (key ${key})`);
    }
  }
  return (value) => isObject(value) && checks.every((c) => c(value));
}

export function compilePattern(pattern: string): RecordFilter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(pattern);
  } catch {
    throw new FilterPatternError(`filter pattern is not JSON: ${pattern}`);
  }
  if (!isObject(parsed))
    throw new FilterPatternError(`filter pattern must be a JSON object: ${pattern}`);
  return compileObject(parsed);
}

/** One filter for a mapping's FilterCriteria; undefined when there are none (everything passes). */
export function compileFilters(patterns: string[]): RecordFilter | undefined {
  if (patterns.length === 0) return undefined;
  const filters = patterns.map(compilePattern);
  return (record) => filters.some((f) => f(record));
}

/**
 * The view of a Kinesis record that patterns see: the `kinesis` fields at the top level, with
 * `data` decoded when it is JSON. Non-JSON data stays a base64 string, so a pattern on `data`
 * cannot match it and the record is dropped, as Lambda does.
 */
export function kinesisFilterView(kinesis: {
  kinesisSchemaVersion: string;
  partitionKey: string;
  sequenceNumber: string;
  data: string;
  approximateArrivalTimestamp: number;
}): Json {
  let data: unknown = kinesis.data;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(kinesis.data, 'base64').toString('utf8'));
    if (isObject(decoded) || Array.isArray(decoded)) data = decoded;
  } catch {
    // Not JSON: only metadata filters can match.
  }
  return { ...kinesis, data };
}

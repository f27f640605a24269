/**
 * Builds DynamoDB update expressions from plain objects. Every attribute goes through a `#name`
 * placeholder because many of ours (name, source, text, scope, bucket, ...) are reserved words.
 * Undefined values are left out, so optional fields never overwrite or create empty attributes.
 */
export interface UpdateParts {
  add?: Record<string, number | undefined>;
  set?: Record<string, unknown>;
  /** Written only when the item does not have the attribute yet (first one seen wins). */
  setIfMissing?: Record<string, unknown>;
  /** Attributes removed from the item. */
  remove?: string[];
  /** A condition over `#attr` placeholders; list its attributes in `conditionNames`. */
  condition?: string;
  conditionNames?: string[];
}

export interface UpdateExpressionInput {
  UpdateExpression: string;
  ConditionExpression?: string;
  ExpressionAttributeNames: Record<string, string>;
  ExpressionAttributeValues: Record<string, unknown>;
}

const defined = (o: Record<string, unknown> | undefined): [string, unknown][] =>
  Object.entries(o ?? {}).filter(([, v]) => v !== undefined);

export function buildUpdate(parts: UpdateParts): UpdateExpressionInput {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  // Placeholders allow letters, digits and '_' only: `lang:en:mentions` becomes `lang_en_mentions`
  // (numbered should two names meet).
  const placeholders = new Map<string, string>();
  const placeholder = (attr: string): string => {
    let p = placeholders.get(attr);
    if (p === undefined) {
      const base = attr.replace(/[^A-Za-z0-9_]/g, '_');
      p = base;
      for (let i = 1; [...placeholders.values()].includes(p); i++) p = `${base}_${i}`;
      placeholders.set(attr, p);
    }
    return p;
  };
  const use = (attr: string, value: unknown): [string, string] => {
    const p = placeholder(attr);
    names[`#${p}`] = attr;
    values[`:${p}`] = value;
    return [`#${p}`, `:${p}`];
  };
  const adds = defined(parts.add).map(([a, v]) => use(a, v).join(' '));
  const sets = [
    ...defined(parts.set).map(([a, v]) => use(a, v).join(' = ')),
    ...defined(parts.setIfMissing).map(([a, v]) => {
      const [n, x] = use(a, v);
      return `${n} = if_not_exists(${n}, ${x})`;
    }),
  ];
  for (const attr of parts.conditionNames ?? []) names[`#${placeholder(attr)}`] = attr;
  const removes = (parts.remove ?? []).map((attr) => {
    names[`#${placeholder(attr)}`] = attr;
    return `#${placeholder(attr)}`;
  });
  const clauses = [
    adds.length > 0 ? `ADD ${adds.join(', ')}` : '',
    sets.length > 0 ? `SET ${sets.join(', ')}` : '',
    removes.length > 0 ? `REMOVE ${removes.join(', ')}` : '',
  ];
  return {
    UpdateExpression: clauses.filter(Boolean).join(' '),
    ...(parts.condition ? { ConditionExpression: parts.condition } : {}),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

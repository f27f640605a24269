/**
 * Evaluates CloudFormation intrinsic functions and conditions over a parsed template value.
 * Resource references are delegated to the caller, which knows what each local resource is.
 */

/** `!Ref AWS::NoValue`: the enclosing property or list element disappears. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

export interface IntrinsicContext {
  /** Template parameters and pseudo parameters (AWS::Region, ...), by name. */
  parameters: Record<string, unknown>;
  mappings: Record<string, Record<string, Record<string, unknown>>>;
  condition(name: string): boolean;
  /** `Ref` of a resource by logical id; undefined when there is no such resource. */
  ref(logicalId: string): unknown;
  getAtt(logicalId: string, attribute: string): unknown;
}

export class TemplateError extends Error {
  override name = 'TemplateError';
}

const AVAILABILITY_ZONES = ['a', 'b', 'c'];

function isIntrinsic(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::'));
}

function asString(value: unknown, where: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new TemplateError(`${where} expects a string, got ${JSON.stringify(value)}`);
}

function asList(value: unknown, where: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new TemplateError(`${where} expects a list, got ${JSON.stringify(value)}`);
}

/** Resolves every intrinsic in `value`; returns NO_VALUE when the whole value is removed. */
export function resolveValue(value: unknown, ctx: IntrinsicContext): unknown {
  if (Array.isArray(value)) {
    return value.map((v) => resolveValue(v, ctx)).filter((v) => v !== NO_VALUE);
  }
  if (isIntrinsic(value)) {
    const [fn, arg] = Object.entries(value)[0]!;
    return evaluate(fn, arg, ctx);
  }
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const r = resolveValue(v, ctx);
      if (r !== NO_VALUE) out[k] = r;
    }
    return out;
  }
  return value;
}

function ref(name: string, ctx: IntrinsicContext): unknown {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (name in ctx.parameters) return ctx.parameters[name];
  const r = ctx.ref(name);
  if (r === undefined) throw new TemplateError(`Ref to unknown parameter or resource: ${name}`);
  return r;
}

function getAtt(arg: unknown, ctx: IntrinsicContext): unknown {
  const parts = Array.isArray(arg)
    ? arg.map((p) => asString(resolveValue(p, ctx), 'Fn::GetAtt'))
    : asString(arg, 'Fn::GetAtt').split(/\.(.*)/s, 2);
  const [logicalId, attribute] = parts;
  if (!logicalId || !attribute) throw new TemplateError(`Bad Fn::GetAtt: ${JSON.stringify(arg)}`);
  return ctx.getAtt(logicalId, attribute);
}

function sub(arg: unknown, ctx: IntrinsicContext): string {
  const [template, vars] = Array.isArray(arg) ? [arg[0], arg[1] ?? {}] : [arg, {}];
  const text = asString(template, 'Fn::Sub');
  const variables = resolveValue(vars, ctx) as Record<string, unknown>;
  return text.replace(/\$\{([^}]*)\}/g, (_m, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`;
    const key = name.trim();
    if (key in variables) return asString(variables[key], `Fn::Sub variable ${key}`);
    const value = key.includes('.') && !key.startsWith('AWS::') ? getAtt(key, ctx) : ref(key, ctx);
    return asString(value, `Fn::Sub \${${key}}`);
  });
}

function evaluate(fn: string, arg: unknown, ctx: IntrinsicContext): unknown {
  switch (fn) {
    case 'Ref':
      return ref(asString(arg, 'Ref'), ctx);
    case 'Fn::GetAtt':
      return getAtt(arg, ctx);
    case 'Fn::Sub':
      return sub(arg, ctx);
    case 'Fn::If': {
      const [name, whenTrue, whenFalse] = asList(arg, 'Fn::If');
      // Only the chosen branch is evaluated: the other may name a resource whose Condition is false.
      return resolveValue(ctx.condition(asString(name, 'Fn::If')) ? whenTrue : whenFalse, ctx);
    }
    case 'Fn::Join': {
      const [delimiter, list] = asList(arg, 'Fn::Join');
      const items = asList(resolveValue(list, ctx), 'Fn::Join');
      return items.map((i) => asString(i, 'Fn::Join')).join(asString(delimiter, 'Fn::Join'));
    }
    case 'Fn::Select': {
      const [index, list] = asList(arg, 'Fn::Select');
      const items = asList(resolveValue(list, ctx), 'Fn::Select');
      const i = Number(resolveValue(index, ctx));
      if (!Number.isInteger(i) || i < 0 || i >= items.length) {
        throw new TemplateError(`Fn::Select index ${String(index)} out of range`);
      }
      return items[i];
    }
    case 'Fn::Split': {
      const [delimiter, source] = asList(arg, 'Fn::Split');
      return asString(resolveValue(source, ctx), 'Fn::Split').split(
        asString(delimiter, 'Fn::Split'),
      );
    }
    case 'Fn::FindInMap': {
      const [map, top, second] = asList(resolveValue(arg, ctx), 'Fn::FindInMap').map((p) =>
        asString(p, 'Fn::FindInMap'),
      );
      const value = ctx.mappings[map!]?.[top!]?.[second!];
      if (value === undefined) throw new TemplateError(`Fn::FindInMap: no ${map}.${top}.${second}`);
      return value;
    }
    case 'Fn::Base64':
      return Buffer.from(asString(resolveValue(arg, ctx), 'Fn::Base64')).toString('base64');
    case 'Fn::GetAZs': {
      const region = asString(ctx.parameters['AWS::Region'], 'Fn::GetAZs');
      return AVAILABILITY_ZONES.map((z) => `${region}${z}`);
    }
    case 'Fn::Equals':
    case 'Fn::Not':
    case 'Fn::And':
    case 'Fn::Or':
      return evaluateCondition({ [fn]: arg }, ctx);
    default:
      throw new TemplateError(`Intrinsic function ${fn} is not supported locally`);
  }
}

/** Evaluates a condition expression (Fn::Equals/Not/And/Or, Condition references). */
export function evaluateCondition(expr: unknown, ctx: IntrinsicContext): boolean {
  if (typeof expr === 'boolean') return expr;
  if (typeof expr !== 'object' || expr === null || Array.isArray(expr)) {
    throw new TemplateError(`Bad condition: ${JSON.stringify(expr)}`);
  }
  const entries = Object.entries(expr);
  if (entries.length !== 1) throw new TemplateError(`Bad condition: ${JSON.stringify(expr)}`);
  const [fn, arg] = entries[0]!;
  switch (fn) {
    case 'Condition':
      return ctx.condition(asString(arg, 'Condition'));
    case 'Fn::Equals': {
      const [a, b] = asList(arg, 'Fn::Equals').map((v) => resolveValue(v, ctx));
      // Parameters are strings in CloudFormation: "1" equals 1.
      return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
    }
    case 'Fn::Not':
      return !evaluateCondition(asList(arg, 'Fn::Not')[0], ctx);
    case 'Fn::And':
      return asList(arg, 'Fn::And').every((c) => evaluateCondition(c, ctx));
    case 'Fn::Or':
      return asList(arg, 'Fn::Or').some((c) => evaluateCondition(c, ctx));
    default:
      throw new TemplateError(`${fn} is not a condition function`);
  }
}

function normalize(v: unknown): unknown {
  return typeof v === 'number' || typeof v === 'boolean' ? String(v) : v;
}

/** Evaluates named conditions lazily, so they may refer to each other in any order. */
export function conditionEvaluator(
  conditions: Record<string, unknown>,
  ctx: () => IntrinsicContext,
): (name: string) => boolean {
  const cache = new Map<string, boolean>();
  const evaluating = new Set<string>();
  return (name) => {
    const cached = cache.get(name);
    if (cached !== undefined) return cached;
    if (!(name in conditions)) throw new TemplateError(`Unknown condition: ${name}`);
    if (evaluating.has(name)) throw new TemplateError(`Condition ${name} refers to itself`);
    evaluating.add(name);
    const value = evaluateCondition(conditions[name], ctx());
    evaluating.delete(name);
    cache.set(name, value);
    return value;
  };
}

import type { RouteDef } from '../types';

type Segment = { literal: string } | { param: string };

export interface CompiledRoute {
  def: RouteDef;
  method: string;
  /** `GET /hashtags/{tag}/timeline`, as HTTP API puts it in the event. */
  routeKey: string;
  segments: Segment[];
  /** Name of a trailing `{name+}` that takes the rest of the path. */
  greedy?: string;
  catchAll: boolean;
}

export interface RouteMatch {
  route: CompiledRoute;
  pathParameters?: Record<string, string>;
}

function compile(def: RouteDef): CompiledRoute {
  const method = def.method.toUpperCase();
  const catchAll = def.path === '$default';
  const routeKey = catchAll ? '$default' : `${method} ${def.path}`;
  const parts = catchAll ? [] : def.path.split('/').slice(1);
  let greedy: string | undefined;
  const segments: Segment[] = [];
  parts.forEach((part, i) => {
    const m = /^\{([^{}]+)\}$/.exec(part);
    if (m?.[1]?.endsWith('+')) {
      if (i !== parts.length - 1) throw new Error(`Greedy path variable must be last: ${def.path}`);
      greedy = m[1].slice(0, -1);
    } else segments.push(m ? { param: m[1]! } : { literal: part });
  });
  return { def, method, routeKey, segments, greedy, catchAll };
}

/**
 * Orders routes the way HTTP API picks one: full literal matches first, then the route whose
 * first differing segment is literal, greedy variables after that, `$default` last, and an exact
 * method before ANY.
 */
function compare(a: CompiledRoute, b: CompiledRoute): number {
  if (a.catchAll !== b.catchAll) return a.catchAll ? 1 : -1;
  if (!!a.greedy !== !!b.greedy) return a.greedy ? 1 : -1;
  const n = Math.min(a.segments.length, b.segments.length);
  for (let i = 0; i < n; i++) {
    const la = 'literal' in a.segments[i]!;
    const lb = 'literal' in b.segments[i]!;
    if (la !== lb) return la ? -1 : 1;
  }
  if (a.segments.length !== b.segments.length) return b.segments.length - a.segments.length;
  if ((a.method === 'ANY') !== (b.method === 'ANY')) return a.method === 'ANY' ? 1 : -1;
  return 0;
}

export function compileRoutes(routes: RouteDef[]): CompiledRoute[] {
  return routes.map(compile).sort(compare);
}

const decode = (s: string): string | undefined => {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
};

function matchOne(route: CompiledRoute, parts: string[]): Record<string, string> | undefined {
  if (route.catchAll) return {};
  const fixed = route.segments.length;
  if (route.greedy ? parts.length <= fixed : parts.length !== fixed) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < fixed; i++) {
    const seg = route.segments[i]!;
    const value = decode(parts[i]!);
    if (value === undefined) return undefined;
    if ('literal' in seg) {
      if (seg.literal !== value) return undefined;
    } else {
      if (value === '') return undefined;
      params[seg.param] = value;
    }
  }
  if (route.greedy) {
    const rest = decode(parts.slice(fixed).join('/'));
    if (!rest) return undefined;
    params[route.greedy] = rest;
  }
  return params;
}

/** rawPath is the request path after the local `/api` prefix, still percent-encoded. */
export function matchRoute(
  routes: CompiledRoute[],
  method: string,
  rawPath: string,
): RouteMatch | undefined {
  const parts = rawPath.split('/').slice(1);
  for (const route of routes) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const params = matchOne(route, parts);
    if (params === undefined) continue;
    return Object.keys(params).length > 0 ? { route, pathParameters: params } : { route };
  }
  return undefined;
}

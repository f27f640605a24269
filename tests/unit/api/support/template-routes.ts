import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { startGateway, type Gateway, type ThrottleSettings } from '../../../../local/gateway';
import { resolveTemplate } from '../../../../local/template';
import type { FunctionDef } from '../../../../local/template/types';
import type { RouteDef } from '../../../../local/types';
import type { ApiHandler } from '../../../../functions/shared/http';
import { context, root } from './fixtures';

/**
 * The HttpApi routes of template.yaml, resolved exactly as the local stack resolves them, with
 * each route's handler loaded in-process: a route added to the template is under test with no
 * change here.
 */

export const localTemplate = resolveTemplate({
  root,
  sqsEndpoint: 'http://127.0.0.1:9',
  skipDefinitions: true,
});

export const routes: RouteDef[] = localTemplate.routes;
export const routeKey = (r: RouteDef): string => `${r.method.toUpperCase()} ${r.path}`;

const functions = new Map<string, FunctionDef>(
  localTemplate.functions.map((f) => [f.logicalId, f]),
);

/** Sets the environment every API function reads (table names, queue URL) from the template. */
export function setTemplateEnvironment(): void {
  for (const r of routes) {
    const fn = functions.get(r.functionLogicalId);
    for (const [k, v] of Object.entries(fn?.environment ?? {})) {
      if (!k.startsWith('AWS_') && !k.startsWith('POWERTOOLS_') && k !== 'NODE_OPTIONS') {
        process.env[k] = v;
      }
    }
  }
}

const handlers = new Map<string, ApiHandler>();

/** The exported handler of a route's function, from the entry point its Metadata names. */
export async function handlerOf(logicalId: string): Promise<ApiHandler> {
  const cached = handlers.get(logicalId);
  if (cached) return cached;
  const fn = functions.get(logicalId);
  if (!fn) throw new Error(`${logicalId} is not a function of template.yaml`);
  const mod = (await import(fn.entryPoint)) as Record<string, unknown>;
  const handler = mod[fn.handlerExport];
  if (typeof handler !== 'function') throw new Error(`${fn.handler} is not exported`);
  handlers.set(logicalId, handler as ApiHandler);
  return handler as ApiHandler;
}

/**
 * The local gateway (the very module `npm start` serves the API with) in front of the
 * in-process handlers: raw paths and query strings are turned into events as HTTP API does.
 * The event goes through JSON, as it would to Lambda.
 */
export function startInProcessGateway(
  allowedOrigin?: string,
  throttle?: ThrottleSettings,
): Promise<Gateway> {
  return startGateway({
    ...(throttle ? { throttle } : {}),
    host: '127.0.0.1',
    port: 0,
    routes,
    invoke: async (id, event) => {
      const handler = await handlerOf(id);
      return handler(JSON.parse(JSON.stringify(event)) as APIGatewayProxyEventV2, context);
    },
    config: {},
    ...(allowedOrigin ? { allowedOrigins: [allowedOrigin] } : {}),
  });
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient, type SFNClientConfig } from '@aws-sdk/client-sfn';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { InvokeFunction, LocalEndpoints, StateMachineDef } from '../types';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from '../../functions/shared/aws/loopback';
import { createOperations } from './api';
import { prepareMachine } from './machines';
import { listen } from './server';
import type { StepFunctionsFaults } from './tasks/types';

export type { StepFunctionsFaults } from './tasks/types';

export interface StepFunctionsOptions {
  stateMachines: StateMachineDef[];
  invoke: InvokeFunction;
  functionArnToLogicalId: (arn: string) => string | undefined;
  endpoints: LocalEndpoints;
  faults?: StepFunctionsFaults;
  /** Defaults to 127.0.0.1. */
  host?: string;
  /** Defaults to 0: a free port. */
  port?: number;
}

export interface StepFunctionsEndpoint {
  url: string;
  stop(): Promise<void>;
  counters(): { executions: number; stateTransitions: number; comprehendUnits: number };
}

/**
 * A client of the local Step Functions endpoint. StartSyncExecution needs `disableHostPrefix`: the
 * SDK sends that operation to `sync-<host>`, which does not resolve for a loopback endpoint.
 */
export function createSfnClient(endpoint: string, config: SFNClientConfig = {}): SFNClient {
  return new SFNClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    disableHostPrefix: true,
    ...config,
  });
}

/**
 * Serves the Step Functions API for the template's state machines on loopback, running them with
 * aws-local-stepfunctions. Every Task Resource is resolved here, so an unsupported one fails the
 * start-up rather than an execution. Clients: createSfnClient.
 */
export async function startStepFunctions(
  opts: StepFunctionsOptions,
): Promise<StepFunctionsEndpoint> {
  const counters = { executions: 0, stateTransitions: 0, comprehendUnits: 0 };
  let dynamodb: DynamoDBClient | undefined;
  const pending = new Set<(reason: Error) => void>();
  const routing = {
    pending,
    invoke: opts.invoke,
    functionArnToLogicalId: opts.functionArnToLogicalId,
    counters,
    faults: opts.faults,
    // Created on first use: most workflows never touch DynamoDB from a Task.
    dynamodb: () =>
      (dynamodb ??= new DynamoDBClient({
        endpoint: opts.endpoints.dynamodb,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
        // Retry/Catch in the state machine decide about retries, as with the real integration.
        maxAttempts: 1,
        requestHandler: new NodeHttpHandler({ httpAgent: { keepAlive: true } }),
      })),
  };
  const machines = opts.stateMachines.map((def) => prepareMachine(def, routing));
  const api = createOperations(machines, counters);
  const { server, url } = await listen(api.operations, opts.host ?? '127.0.0.1', opts.port ?? 0);
  return {
    url,
    counters: () => ({ ...counters }),
    async stop() {
      const stopped = new Error('The local Step Functions endpoint stopped');
      pending.forEach((reject) => reject(stopped));
      await api.abortAll();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      dynamodb?.destroy();
    },
  };
}

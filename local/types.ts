/**
 * Contracts between the parts of the local stack (`npm start`). Each part lives in its own folder:
 *   local/template/       reads template.yaml and resolves it to local resources
 *   local/services/       DynamoDB Local, kinesalite, the local SQS queue
 *   local/runtime/        builds functions with esbuild and invokes them like Lambda
 *   local/event-sources/  Kinesis and DynamoDB Streams event source mappings
 *   local/stepfunctions/  the Step Functions endpoint (aws-local-stepfunctions) and task routing
 *   local/gateway/        the HTTP API routes under /api and the dashboard at /
 *   local/cli.ts          wires everything together
 */

/** Invokes a template function by logical id, as Lambda would (one event in, one result out). */
export type InvokeFunction = (logicalId: string, event: unknown) => Promise<unknown>;

/** An HTTP API route from a function's `HttpApi` event in the template. */
export interface RouteDef {
  functionLogicalId: string;
  method: string; // GET, POST, ... or ANY
  path: string; // template path, e.g. /hashtags/{tag}/timeline
}

/** A state machine from the template, its definition with DefinitionSubstitutions applied. */
export interface StateMachineDef {
  logicalId: string;
  name: string;
  arn: string;
  type: 'STANDARD' | 'EXPRESS';
  definition: Record<string, unknown>;
}

/** Loopback endpoints of the local services, handed to functions as AWS_ENDPOINT_URL_* variables. */
export interface LocalEndpoints {
  dynamodb: string;
  kinesis: string;
  sqs: string;
  stepfunctions: string;
  /** The Firehose stand-in, when the template has delivery streams. */
  firehose?: string;
}

export { LOCAL_REGION } from '../functions/shared/aws/loopback';
export const LOCAL_ACCOUNT = '000000000000';

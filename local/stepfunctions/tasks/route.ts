import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { InvokeFunction } from '../../types';
import { COMPREHEND_OPERATIONS, comprehendTask } from './comprehend';
import { dynamodbTask } from './dynamodb';
import {
  directLambdaTask,
  isLambdaArn,
  lambdaInvokeTask,
  resolveFunction,
  type ArnResolver,
} from './lambda';
import type { StepFunctionsFaults, TaskCounters, TaskHandler } from './types';

export interface TaskRouting {
  invoke: InvokeFunction;
  functionArnToLogicalId: ArnResolver;
  dynamodb: () => DynamoDBClient;
  counters: TaskCounters;
  faults?: StepFunctionsFaults;
  /** Rejects each pending task call when the endpoint stops. */
  pending: Set<(reason: Error) => void>;
}

const OPTIMIZED_DYNAMODB = new Set(['getItem', 'putItem', 'updateItem', 'deleteItem']);
const SERVICE = /^arn:aws[a-z-]*:states:::(?:aws-sdk:)?([a-z0-9-]+):([A-Za-z0-9]+)$/;

/**
 * The local handler for a Task state's Resource. Throws (at start-up, not mid-execution) for
 * anything the local stack cannot run, naming the Resource.
 */
export function routeTask(resource: string, r: TaskRouting): TaskHandler {
  if (isLambdaArn(resource)) {
    const logicalId = resolveFunction(resource, r.functionArnToLogicalId);
    if (!logicalId) throw new Error(`no function in the template has the ARN ${resource}`);
    return directLambdaTask(logicalId, r.invoke, r.faults);
  }
  if (resource === 'arn:aws:states:::lambda:invoke') {
    return lambdaInvokeTask(r.functionArnToLogicalId, r.invoke, r.faults);
  }
  const sdk = resource.includes(':::aws-sdk:');
  const m = SERVICE.exec(resource);
  const handler =
    m?.[1] === 'comprehend' && sdk
      ? comprehendTask(m[2]!, r.counters, r.faults)
      : m?.[1] === 'dynamodb' && (sdk || OPTIMIZED_DYNAMODB.has(m[2]!))
        ? dynamodbTask(m[2]!, !sdk, r.dynamodb, r.faults)
        : undefined;
  if (handler) return handler;
  throw new Error(
    `unsupported Task Resource ${resource}. The local stack runs Lambda function ARNs, ` +
      `arn:aws:states:::lambda:invoke, arn:aws:states:::aws-sdk:comprehend:` +
      `{${COMPREHEND_OPERATIONS.join(',')}}, arn:aws:states:::dynamodb:{getItem,putItem,updateItem,deleteItem} ` +
      `and arn:aws:states:::aws-sdk:dynamodb:<action> (no .sync or .waitForTaskToken)`,
  );
}

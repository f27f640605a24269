import { randomUUID } from 'node:crypto';
import { LOCAL_ACCOUNT, LOCAL_REGION, type InvokeFunction } from '../../types';
import { TaskError, serviceTaskError } from '../errors';
import type { Json, StepFunctionsFaults, TaskHandler } from './types';

const FUNCTION_ARN = /^arn:aws[a-z-]*:lambda:[^:]*:[^:]*:function:[^:]+(:[^:]+)?$/;

export const isLambdaArn = (resource: string): boolean => FUNCTION_ARN.test(resource);

/** `arn:...:function:Name:qualifier` -> `arn:...:function:Name`. */
export function unqualifiedArn(arn: string): string {
  const parts = arn.split(':');
  return parts.slice(0, 7).join(':');
}

/** Accepts what Lambda's Invoke accepts as FunctionName: a name, a partial ARN or a full ARN. */
export function functionNameToArn(functionName: string): string {
  if (functionName.startsWith('arn:')) return functionName;
  const parts = functionName.split(':');
  if (parts.length >= 3 && parts[1] === 'function') {
    return `arn:aws:lambda:${LOCAL_REGION}:${parts.join(':')}`;
  }
  return `arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${functionName}`;
}

export type ArnResolver = (arn: string) => string | undefined;

export function resolveFunction(arn: string, toLogicalId: ArnResolver): string | undefined {
  return toLogicalId(arn) ?? toLogicalId(unqualifiedArn(arn));
}

interface FunctionFailure {
  errorType?: unknown;
  errorMessage?: unknown;
  trace?: unknown;
  name?: unknown;
  message?: unknown;
  stack?: unknown;
}

/**
 * A function error as Step Functions reports it: the error name is the function's errorType
 * (so `Retry: [{ ErrorEquals: ["ThrottlingException"] }]` matches a function that threw one) and
 * the Cause is the JSON error payload. A failure with no type at all (a crash) is `Lambda.Unknown`.
 */
export function functionError(err: unknown): TaskError {
  const f = (typeof err === 'object' && err !== null ? err : {}) as FunctionFailure;
  const errorType =
    typeof f.errorType === 'string' && f.errorType !== ''
      ? f.errorType
      : typeof f.name === 'string' && f.name !== ''
        ? f.name
        : 'Lambda.Unknown';
  const errorMessage =
    typeof f.errorMessage === 'string'
      ? f.errorMessage
      : typeof f.message === 'string'
        ? f.message
        : String(err);
  const trace = Array.isArray(f.trace)
    ? f.trace
    : typeof f.stack === 'string'
      ? f.stack.split('\n')
      : [];
  return new TaskError(errorType, JSON.stringify({ errorType, errorMessage, trace }));
}

function lambdaFault(faults: StepFunctionsFaults | undefined, logicalId: string) {
  const fault = faults?.lambda?.(logicalId);
  if (fault) throw serviceTaskError('Lambda', fault.name, fault.message, 429);
}

async function callFunction(
  invoke: InvokeFunction,
  logicalId: string,
  payload: Json,
  faults: StepFunctionsFaults | undefined,
): Promise<Json> {
  lambdaFault(faults, logicalId);
  try {
    const result = await invoke(logicalId, payload);
    // Lambda answers `null` for a function that returns nothing.
    return result === undefined ? null : (result as Json);
  } catch (err) {
    throw functionError(err);
  }
}

/** Resource = a function ARN: the result is whatever the function returns. */
export function directLambdaTask(
  logicalId: string,
  invoke: InvokeFunction,
  faults: StepFunctionsFaults | undefined,
): TaskHandler {
  return (input) => callFunction(invoke, logicalId, input, faults);
}

function sdkMetadata(requestId: string) {
  const headers = { 'Content-Type': 'application/json', 'x-amzn-RequestId': requestId };
  return {
    SdkHttpMetadata: {
      AllHttpHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      HttpHeaders: headers,
      HttpStatusCode: 200,
    },
    SdkResponseMetadata: { RequestId: requestId },
  };
}

/** Resource = `arn:aws:states:::lambda:invoke`: Parameters carry FunctionName and Payload. */
export function lambdaInvokeTask(
  toLogicalId: ArnResolver,
  invoke: InvokeFunction,
  faults: StepFunctionsFaults | undefined,
): TaskHandler {
  return async (input) => {
    const params = (typeof input === 'object' && input !== null ? input : {}) as Record<
      string,
      Json | undefined
    >;
    const functionName = params.FunctionName;
    if (typeof functionName !== 'string' || functionName === '') {
      throw serviceTaskError(
        'Lambda',
        'InvalidParameterValueException',
        'FunctionName is required',
      );
    }
    const logicalId = resolveFunction(functionNameToArn(functionName), toLogicalId);
    if (!logicalId) {
      throw serviceTaskError(
        'Lambda',
        'ResourceNotFoundException',
        `Function not found: ${functionName}`,
        404,
      );
    }
    const payload = params.Payload ?? {};
    const requestId = randomUUID();
    if (params.InvocationType === 'Event') {
      lambdaFault(faults, logicalId);
      // Asynchronous invocation: Lambda accepts the event and the caller does not wait.
      void invoke(logicalId, payload).catch(() => undefined);
      return { ...sdkMetadata(requestId), Payload: '', StatusCode: 202 };
    }
    const result = await callFunction(invoke, logicalId, payload, faults);
    return {
      ...sdkMetadata(requestId),
      ExecutedVersion: '$LATEST',
      Payload: result,
      StatusCode: 200,
    };
  };
}

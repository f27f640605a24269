import { randomUUID } from 'node:crypto';
import * as ddb from '@aws-sdk/client-dynamodb';
import { serviceTaskError } from '../errors';
import type { Json, StepFunctionsFaults, TaskHandler } from './types';

type Command = Parameters<ddb.DynamoDBClient['send']>[0];
type CommandCtor = new (input: unknown) => Command;

const commands = ddb as unknown as Record<string, unknown>;

/** `putItem` -> the SDK's PutItemCommand, or undefined when DynamoDB has no such action. */
export function dynamodbCommand(action: string): CommandCtor | undefined {
  const ctor = commands[`${action.charAt(0).toUpperCase()}${action.slice(1)}Command`];
  return typeof ctor === 'function' ? (ctor as CommandCtor) : undefined;
}

/** State data carries binary attributes (`B`, `BS`) as base64 strings; the SDK wants bytes. */
function toSdk(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toSdk);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'B' && typeof v === 'string') out[k] = Buffer.from(v, 'base64');
    else if (k === 'BS' && Array.isArray(v) && v.every((x) => typeof x === 'string')) {
      out[k] = v.map((x: string) => Buffer.from(x, 'base64'));
    } else out[k] = toSdk(v);
  }
  return out;
}

/** SDK output back to plain JSON: bytes as base64, no `$metadata`, no undefined members. */
function fromSdk(value: unknown): Json {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(fromSdk);
  if (value instanceof Set) return [...value].map(fromSdk);
  if (typeof value !== 'object' || value === null) return value as Json;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v !== undefined && k !== '$metadata') out[k] = fromSdk(v);
  }
  return out;
}

interface SdkFailure {
  name?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/**
 * `arn:aws:states:::dynamodb:<action>` (optimized: the response also carries SdkHttpMetadata and
 * SdkResponseMetadata, as in AWS) and `arn:aws:states:::aws-sdk:dynamodb:<action>` (the bare API
 * response), both against DynamoDB Local. Errors surface as `DynamoDB.<ExceptionName>`.
 */
export function dynamodbTask(
  action: string,
  optimized: boolean,
  client: () => ddb.DynamoDBClient,
  faults: StepFunctionsFaults | undefined,
): TaskHandler | undefined {
  const Ctor = dynamodbCommand(action);
  if (!Ctor) return undefined;
  return async (input) => {
    const fault = faults?.dynamodb?.(action);
    if (fault) throw serviceTaskError('DynamoDB', fault.name, fault.message);
    let output: unknown;
    try {
      output = await client().send(new Ctor(toSdk(input)));
    } catch (err) {
      const f = err as SdkFailure;
      const status = f.$metadata?.httpStatusCode;
      // No HTTP status: the call never reached DynamoDB (connection refused, bad input shape).
      throw serviceTaskError(
        'DynamoDB',
        status === undefined ? 'SdkClientException' : (f.name ?? 'AmazonDynamoDBException'),
        f.message ?? String(err),
        status ?? 500,
      );
    }
    const result = fromSdk(output) as Record<string, Json>;
    if (!optimized) return result;
    const requestId = randomUUID();
    return {
      ...result,
      SdkHttpMetadata: {
        AllHttpHeaders: {
          'Content-Type': ['application/x-amz-json-1.0'],
          'x-amzn-RequestId': [requestId],
        },
        HttpHeaders: {
          'Content-Type': 'application/x-amz-json-1.0',
          'x-amzn-RequestId': requestId,
        },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
    };
  };
}

import { randomBytes } from 'node:crypto';
import type { FunctionDef } from '../template/types';
import { LOCAL_REGION, type LocalEndpoints } from '../types';

export interface EnvironmentOptions {
  endpoints: LocalEndpoints;
  /** POWERTOOLS_LOG_LEVEL for every function (the CLI's --log-level); default WARN. */
  logLevel?: string;
  /** Emit Powertools metrics (EMF lines on stdout); off by default locally. */
  metrics?: boolean;
  /** On top of the template's variables, for every function (tests: READ_CACHE=off). */
  extra?: Record<string, string>;
  taskRoot: string;
}

/** A Lambda log stream name: `2026/11/22/[$LATEST]<32 hex>`. */
export function logStreamName(now = new Date()): string {
  const day = now.toISOString().slice(0, 10).replaceAll('-', '/');
  return `${day}/[$LATEST]${randomBytes(16).toString('hex')}`;
}

/**
 * The environment a function sees: the template's variables plus what Lambda sets, with the AWS
 * SDK pointed at the local services through AWS_ENDPOINT_URL_<SERVICE> and fake credentials.
 */
export function functionEnvironment(
  fn: FunctionDef,
  opts: EnvironmentOptions,
): Record<string, string> {
  const { endpoints } = opts;
  return {
    PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin',
    LANG: 'en_US.UTF-8',
    ...fn.environment,
    ...opts.extra,
    AWS_REGION: LOCAL_REGION,
    AWS_DEFAULT_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoints.dynamodb,
    AWS_ENDPOINT_URL_KINESIS: endpoints.kinesis,
    AWS_ENDPOINT_URL_SQS: endpoints.sqs,
    AWS_ENDPOINT_URL_SFN: endpoints.stepfunctions,
    ...(endpoints.firehose ? { AWS_ENDPOINT_URL_FIREHOSE: endpoints.firehose } : {}),
    AWS_EXECUTION_ENV: `AWS_Lambda_${fn.runtime}`,
    AWS_LAMBDA_FUNCTION_NAME: fn.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memorySize),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${fn.name}`,
    AWS_LAMBDA_LOG_STREAM_NAME: logStreamName(),
    AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
    LAMBDA_TASK_ROOT: opts.taskRoot,
    _HANDLER: fn.handler,
    // No X-Ray daemon locally.
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: (opts.logLevel ?? 'WARN').toUpperCase(),
    POWERTOOLS_METRICS_DISABLED: opts.metrics ? 'false' : 'true',
  };
}

import type { Context } from 'aws-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/** One Logger, Tracer and Metrics per process, shared by every module of a function. */
const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'social-stream';

export const logger = new Logger({ serviceName });
export const tracer = new Tracer({ serviceName });
export const metrics = new Metrics({
  serviceName,
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SocialStream',
});

export { MetricUnit };

/** Metric names, so dashboards and alarms and code agree. */
export const METRIC = {
  postsIngested: 'PostsIngested',
  postsDuplicate: 'PostsDuplicate',
  postsRetracted: 'PostsRetracted',
  postsRejected: 'PostsRejected',
  postsCounted: 'PostsCounted',
  enrichFailures: 'EnrichFailures',
} as const;

/**
 * Wraps a workflow-step handler with the Powertools context every function gets: the Lambda
 * context on each log line, a cold-start annotation on the trace, and errors logged before they
 * reach Step Functions (whose Retry/Catch match on the error's name, so it is rethrown as is).
 */
export function instrumented<E, R>(
  name: string,
  fn: (event: E) => Promise<R> | R,
): (event: E, context?: Context) => Promise<R> {
  return async (event, context) => {
    if (context) logger.addContext(context);
    tracer.annotateColdStart();
    tracer.addServiceNameAnnotation();
    try {
      return await fn(event);
    } catch (error) {
      logger.error(`${name} failed`, { error: error as Error });
      throw error;
    }
  };
}

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
  postsRejected: 'PostsRejected',
  postsEnriched: 'PostsEnriched',
  postsCounted: 'PostsCounted',
  enrichFailures: 'EnrichFailures',
} as const;

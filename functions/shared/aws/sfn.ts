import { SFNClient } from '@aws-sdk/client-sfn';
import { tracer } from '../powertools';

// StartSyncExecution goes to the `sync-` host prefix; a custom endpoint (the local stack's
// 127.0.0.1) has no such host, so the prefix is off whenever an endpoint is configured.
const customEndpoint = Boolean(process.env.AWS_ENDPOINT_URL_SFN || process.env.AWS_ENDPOINT_URL);

/** The one Step Functions client of the enrich function's process. */
export const sfn = tracer.captureAWSv3Client(new SFNClient({ disableHostPrefix: customEndpoint }));

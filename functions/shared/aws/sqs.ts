import { SQSClient } from '@aws-sdk/client-sqs';
import { tracer } from '../powertools';

/** The one SQS client of a function's process: Ingest's dead letters, the stats view's depth. */
export const sqs = tracer.captureAWSv3Client(new SQSClient({}));

import { AthenaClient } from '@aws-sdk/client-athena';
import { tracer } from '../powertools';

/** The one Athena client of the history function's process. */
export const athena = tracer.captureAWSv3Client(new AthenaClient({}));

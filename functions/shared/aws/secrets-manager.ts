import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { tracer } from '../powertools';

/** The one Secrets Manager client of the collector's process. */
export const secretsManager = tracer.captureAWSv3Client(new SecretsManagerClient({}));

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { requireEnv } from '../shared/env';
import { tracer } from '../shared/powertools';

/** One DynamoDB client per process, shared by the Persist step's writers. */
export const ddb = DynamoDBDocumentClient.from(tracer.captureAWSv3Client(new DynamoDBClient({})), {
  // Optional post and place fields are undefined rather than absent; DynamoDB has no undefined.
  marshallOptions: { removeUndefinedValues: true },
});

/** Read per call so tests and the local stack can set them after the module loads. */
export const tables = (): { posts: string; stats: string } => ({
  posts: requireEnv('POSTS_TABLE'),
  stats: requireEnv('STATS_TABLE'),
});

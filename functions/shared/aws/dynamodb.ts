import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tracer } from '../powertools';

/**
 * The one DynamoDB client of a function's process (every function that touches a table uses this
 * one). Optional post and place fields are undefined rather than absent, and DynamoDB has no
 * undefined, so the document client drops them.
 */
export const dynamo = DynamoDBDocumentClient.from(
  tracer.captureAWSv3Client(new DynamoDBClient({})),
  { marshallOptions: { removeUndefinedValues: true } },
);

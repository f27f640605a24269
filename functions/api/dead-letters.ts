import { GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { logger, tracer } from '../shared/powertools';

/**
 * The dead-letter queue's depth for GET /stats. Short timeouts and one retry: the number is
 * informational, so a slow or failing SQS must not hold up or fail the stats view.
 */
const sqs = tracer.captureAWSv3Client(
  new SQSClient({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 2000 },
  }),
);

/** ApproximateNumberOfMessages, or null when the queue is not configured or cannot be read. */
export async function deadLetterCount(queueUrl: string | undefined): Promise<number | null> {
  if (!queueUrl) return null;
  try {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    const count = Number(Attributes?.ApproximateNumberOfMessages);
    return Number.isInteger(count) && count >= 0 ? count : null;
  } catch (error) {
    logger.warn('Could not read the dead-letter queue depth', { error: error as Error });
    return null;
  }
}

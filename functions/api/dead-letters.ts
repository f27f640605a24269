import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { sqs } from '../shared/aws/sqs';
import { logger } from '../shared/powertools';

/**
 * The dead-letter queue's depth for GET /stats is informational, so a slow or failing SQS must not
 * hold up or fail the stats view: the call, retries included, is given this long.
 */
const DEPTH_TIMEOUT_MS = 2000;

/** ApproximateNumberOfMessages, or null when the queue is not configured or cannot be read. */
export async function deadLetterCount(queueUrl: string | undefined): Promise<number | null> {
  if (!queueUrl) return null;
  try {
    const { Attributes } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: queueUrl,
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
      { abortSignal: AbortSignal.timeout(DEPTH_TIMEOUT_MS) },
    );
    const count = Number(Attributes?.ApproximateNumberOfMessages);
    return Number.isInteger(count) && count >= 0 ? count : null;
  } catch (error) {
    logger.warn('Could not read the dead-letter queue depth', { error: error as Error });
    return null;
  }
}

import { FirehoseClient } from '@aws-sdk/client-firehose';
import { tracer } from '../powertools';

/** One Firehose client per process, for the Persist step's archive writes. */
export const firehose = tracer.captureAWSv3Client(new FirehoseClient({}));

/**
 * The archive's delivery stream (template.yaml sets it from ArchiveDeliveryStream); empty when
 * the stack runs with ArchiveEnabled=false. Read per call, like the table names.
 */
export const archiveStreamName = (): string => process.env.ARCHIVE_STREAM ?? '';

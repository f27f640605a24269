import { functionRoleArn } from '../template/names';
import { LOCAL_REGION } from '../types';

/**
 * The Lambda event shapes for stream event sources, field for field and in the order Lambda
 * sends them, and the on-failure destination record.
 */

/** A stream record ready for a batch: its Lambda form plus what the mapping needs to know. */
export interface SourceRecord {
  sequenceNumber: string;
  /** Epoch ms the record reached the stream (for MaximumRecordAgeInSeconds and batch info). */
  arrivalMs: number;
  /** The record exactly as it goes into `event.Records`. */
  lambda: Record<string, unknown>;
  /** What FilterCriteria patterns are matched against. */
  filterView: unknown;
}

export interface KinesisRecordInput {
  partitionKey: string;
  sequenceNumber: string;
  data: Uint8Array;
  arrivalMs: number;
}

export function kinesisLambdaRecord(
  r: KinesisRecordInput,
  ctx: { shardId: string; streamArn: string; functionLogicalId: string },
): Record<string, unknown> {
  return {
    kinesis: {
      kinesisSchemaVersion: '1.0',
      partitionKey: r.partitionKey,
      sequenceNumber: r.sequenceNumber,
      data: Buffer.from(r.data).toString('base64'),
      approximateArrivalTimestamp: r.arrivalMs / 1000,
    },
    eventSource: 'aws:kinesis',
    eventVersion: '1.0',
    eventID: `${ctx.shardId}:${r.sequenceNumber}`,
    eventName: 'aws:kinesis:record',
    invokeIdentityArn: functionRoleArn(ctx.functionLogicalId),
    awsRegion: LOCAL_REGION,
    eventSourceARN: ctx.streamArn,
  };
}

/** A record as DynamoDB Streams' GetRecords returns it on the wire (AttributeValues untouched). */
export interface DynamoDbWireRecord {
  eventID: string;
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE';
  eventVersion?: string;
  eventSource?: string;
  awsRegion?: string;
  dynamodb: {
    ApproximateCreationDateTime?: number;
    Keys?: Record<string, unknown>;
    NewImage?: Record<string, unknown>;
    OldImage?: Record<string, unknown>;
    SequenceNumber: string;
    SizeBytes?: number;
    StreamViewType?: string;
  };
  userIdentity?: { type: string; principalId: string };
}

export function dynamoDbLambdaRecord(
  r: DynamoDbWireRecord,
  ctx: { streamArn: string },
): Record<string, unknown> {
  const d = r.dynamodb;
  const viewType = d.StreamViewType ?? 'NEW_AND_OLD_IMAGES';
  const withNew = viewType === 'NEW_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
  const withOld = viewType === 'OLD_IMAGE' || viewType === 'NEW_AND_OLD_IMAGES';
  return {
    eventID: r.eventID,
    eventName: r.eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: LOCAL_REGION,
    dynamodb: {
      ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime ?? Date.now() / 1000),
      Keys: d.Keys ?? {},
      ...(withNew && d.NewImage ? { NewImage: d.NewImage } : {}),
      ...(withOld && d.OldImage ? { OldImage: d.OldImage } : {}),
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes ?? 0,
      StreamViewType: viewType,
    },
    ...(r.userIdentity ? { userIdentity: r.userIdentity } : {}),
    eventSourceARN: ctx.streamArn,
  };
}

export type FailureCondition = 'RetryAttemptsExhausted' | 'RecordAgeExceeded';

export interface FailedBatch {
  kind: 'Kinesis' | 'DynamoDB';
  shardId: string;
  streamArn: string;
  functionArn: string;
  records: SourceRecord[];
  condition: FailureCondition;
  approximateInvokeCount: number;
  requestId: string;
  /** `Unhandled` after a function error; absent when the batch failed some other way. */
  functionError?: string;
}

/** Lambda's on-failure destination record for a stream batch it gave up on. */
export function onFailureRecord(b: FailedBatch, now = new Date()): Record<string, unknown> {
  const first = b.records[0];
  const last = b.records[b.records.length - 1];
  const batchInfo = {
    shardId: b.shardId,
    startSequenceNumber: first?.sequenceNumber,
    endSequenceNumber: last?.sequenceNumber,
    approximateArrivalOfFirstRecord: first ? new Date(first.arrivalMs).toISOString() : undefined,
    approximateArrivalOfLastRecord: last ? new Date(last.arrivalMs).toISOString() : undefined,
    batchSize: b.records.length,
    streamArn: b.streamArn,
  };
  return {
    requestContext: {
      requestId: b.requestId,
      functionArn: b.functionArn,
      condition: b.condition,
      approximateInvokeCount: b.approximateInvokeCount,
    },
    responseContext: {
      statusCode: 200,
      executedVersion: '$LATEST',
      ...(b.functionError ? { functionError: b.functionError } : {}),
    },
    version: '1.0',
    timestamp: now.toISOString(),
    [b.kind === 'Kinesis' ? 'KinesisBatchInfo' : 'DDBStreamBatchInfo']: batchInfo,
  };
}

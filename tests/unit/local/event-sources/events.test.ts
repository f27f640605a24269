import {
  dynamoDbLambdaRecord,
  kinesisLambdaRecord,
  onFailureRecord,
  type SourceRecord,
} from '../../../../local/event-sources/events';

const STREAM = 'arn:aws:kinesis:us-east-1:000000000000:stream/PostsStream';
const TABLE_STREAM =
  'arn:aws:dynamodb:ddblocal:000000000000:table/PostsTable/stream/2026-01-01T00:00:00.000';

describe('Lambda stream events', () => {
  it('builds a Kinesis record field for field, in the order Lambda sends it', () => {
    const record = kinesisLambdaRecord(
      {
        partitionKey: 'pk',
        sequenceNumber: '4959',
        data: Buffer.from('{"a":1}'),
        arrivalMs: 1_545_084_650_987,
      },
      { shardId: 'shardId-000000000000', streamArn: STREAM, functionLogicalId: 'IngestFunction' },
    );
    expect(JSON.stringify(record)).toBe(
      JSON.stringify({
        kinesis: {
          kinesisSchemaVersion: '1.0',
          partitionKey: 'pk',
          sequenceNumber: '4959',
          data: 'eyJhIjoxfQ==',
          approximateArrivalTimestamp: 1545084650.987,
        },
        eventSource: 'aws:kinesis',
        eventVersion: '1.0',
        eventID: 'shardId-000000000000:4959',
        eventName: 'aws:kinesis:record',
        invokeIdentityArn: 'arn:aws:iam::000000000000:role/IngestFunctionRole',
        awsRegion: 'us-east-1',
        eventSourceARN: STREAM,
      }),
    );
  });

  it('builds a DynamoDB record with the images its StreamViewType carries', () => {
    const wire = {
      eventID: 'e1',
      eventName: 'MODIFY' as const,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: 1_795_314_600.5,
        Keys: { id: { S: 'a' } },
        NewImage: { id: { S: 'a' }, b: { B: 'AQI=' } },
        OldImage: { id: { S: 'a' } },
        SequenceNumber: '000000000000000000002',
        SizeBytes: 12,
        StreamViewType: 'NEW_IMAGE',
      },
    };
    expect(JSON.stringify(dynamoDbLambdaRecord(wire, { streamArn: TABLE_STREAM }))).toBe(
      JSON.stringify({
        eventID: 'e1',
        eventName: 'MODIFY',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        dynamodb: {
          ApproximateCreationDateTime: 1795314600,
          Keys: { id: { S: 'a' } },
          NewImage: { id: { S: 'a' }, b: { B: 'AQI=' } },
          SequenceNumber: '000000000000000000002',
          SizeBytes: 12,
          StreamViewType: 'NEW_IMAGE',
        },
        eventSourceARN: TABLE_STREAM,
      }),
    );
    const both = dynamoDbLambdaRecord(
      { ...wire, dynamodb: { ...wire.dynamodb, StreamViewType: 'NEW_AND_OLD_IMAGES' } },
      { streamArn: TABLE_STREAM },
    );
    expect(Object.keys(both.dynamodb as object)).toEqual([
      'ApproximateCreationDateTime',
      'Keys',
      'NewImage',
      'OldImage',
      'SequenceNumber',
      'SizeBytes',
      'StreamViewType',
    ]);
  });

  it('builds the on-failure destination record Lambda sends for a stream batch', () => {
    const rec = (seq: string, ms: number): SourceRecord => ({
      sequenceNumber: seq,
      arrivalMs: ms,
      lambda: {},
      filterView: {},
    });
    const out = onFailureRecord(
      {
        kind: 'Kinesis',
        shardId: 'shardId-000000000001',
        streamArn: STREAM,
        functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:IngestFunction',
        records: [rec('10', Date.UTC(2026, 0, 1)), rec('12', Date.UTC(2026, 0, 1, 0, 0, 1))],
        condition: 'RetryAttemptsExhausted',
        approximateInvokeCount: 4,
        requestId: 'req-1',
        functionError: 'Unhandled',
      },
      new Date(Date.UTC(2026, 0, 2)),
    );
    expect(JSON.stringify(out)).toBe(
      JSON.stringify({
        requestContext: {
          requestId: 'req-1',
          functionArn: 'arn:aws:lambda:us-east-1:000000000000:function:IngestFunction',
          condition: 'RetryAttemptsExhausted',
          approximateInvokeCount: 4,
        },
        responseContext: {
          statusCode: 200,
          executedVersion: '$LATEST',
          functionError: 'Unhandled',
        },
        version: '1.0',
        timestamp: '2026-01-02T00:00:00.000Z',
        KinesisBatchInfo: {
          shardId: 'shardId-000000000001',
          startSequenceNumber: '10',
          endSequenceNumber: '12',
          approximateArrivalOfFirstRecord: '2026-01-01T00:00:00.000Z',
          approximateArrivalOfLastRecord: '2026-01-01T00:00:01.000Z',
          batchSize: 2,
          streamArn: STREAM,
        },
      }),
    );
    const ddb = onFailureRecord({
      kind: 'DynamoDB',
      shardId: 's',
      streamArn: TABLE_STREAM,
      functionArn: 'f',
      records: [rec('1', 0)],
      condition: 'RecordAgeExceeded',
      approximateInvokeCount: 0,
      requestId: 'r',
    });
    expect(ddb).toHaveProperty('DDBStreamBatchInfo.batchSize', 1);
    expect(ddb).not.toHaveProperty('KinesisBatchInfo');
    expect(ddb).toHaveProperty('responseContext', { statusCode: 200, executedVersion: '$LATEST' });
  });
});

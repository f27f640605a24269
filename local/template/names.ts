import { LOCAL_ACCOUNT, LOCAL_REGION } from '../types';

/** Local names and ARNs: the logical id is the resource name, in the fixed local account/region. */

const prefix = (service: string): string => `arn:aws:${service}:${LOCAL_REGION}:${LOCAL_ACCOUNT}`;

export const functionArn = (name: string): string => `${prefix('lambda')}:function:${name}`;
export const tableArn = (name: string): string => `${prefix('dynamodb')}:table/${name}`;
export const kinesisStreamArn = (name: string): string => `${prefix('kinesis')}:stream/${name}`;
export const queueArn = (name: string): string => `${prefix('sqs')}:${name}`;
export const stateMachineArn = (name: string): string => `${prefix('states')}:stateMachine:${name}`;
export const deliveryStreamArn = (name: string): string =>
  `${prefix('firehose')}:deliverystream/${name}`;
export const logGroupArn = (name: string): string => `${prefix('logs')}:log-group:${name}:*`;
/** SAM names a function's generated role `<LogicalId>Role`; Kinesis events carry it. */
export const functionRoleArn = (logicalId: string): string =>
  `arn:aws:iam::${LOCAL_ACCOUNT}:role/${logicalId}Role`;
export const queueUrl = (sqsEndpoint: string, name: string): string =>
  `${sqsEndpoint.replace(/\/$/, '')}/${LOCAL_ACCOUNT}/${name}`;

/** Attributes of resources that do not run locally (e.g. a CloudFront domain) read `local:<Id>.<Attr>`. */
export const UNRESOLVED_PREFIX = 'local:';

/** Placeholder base URL before the local SQS server has a port (phase one of resolution). */
export const PENDING_SQS_ENDPOINT = 'http://127.0.0.1:0';

/** The table name inside a DynamoDB table or stream ARN. */
export function tableNameFromArn(arn: string): string | undefined {
  return /:table\/([^/]+)/.exec(arn)?.[1];
}

/** The stream name inside a Kinesis stream ARN. */
export function streamNameFromArn(arn: string): string | undefined {
  return /:stream\/([^/]+)$/.exec(arn)?.[1];
}

/** The function name inside a Lambda ARN (qualifiers dropped). */
export function functionNameFromArn(arn: string): string | undefined {
  return /:function:([^:]+)/.exec(arn)?.[1];
}

import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import type { RouteDef, StateMachineDef } from '../types';

/** A CloudFormation template as parsed from YAML: intrinsics still in canonical JSON form. */
export interface RawTemplate {
  Parameters?: Record<string, { Type?: string; Default?: unknown; AllowedValues?: unknown[] }>;
  Mappings?: Record<string, Record<string, Record<string, unknown>>>;
  Conditions?: Record<string, unknown>;
  Globals?: { Function?: Record<string, unknown>; [section: string]: unknown };
  Resources: Record<string, RawResource>;
  Outputs?: Record<string, { Value: unknown; Condition?: string }>;
}

export interface RawResource {
  Type: string;
  Condition?: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
}

export interface TableDef {
  logicalId: string;
  name: string;
  arn: string;
  createInput: CreateTableCommandInput;
  ttl?: { attributeName: string; enabled: boolean };
}

export interface KinesisStreamDef {
  logicalId: string;
  name: string;
  arn: string;
  shardCount: number;
}

export interface QueueDef {
  logicalId: string;
  name: string;
  arn: string;
  url: string;
}

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

/** A Kinesis or DynamoDB event source mapping, with Lambda's defaults filled in. */
export interface StreamEventDef {
  kind: 'Kinesis' | 'DynamoDB';
  /** The event's name under the function's Events, e.g. `Posts`. */
  name: string;
  streamArn: string;
  enabled: boolean;
  startingPosition: StartingPosition;
  startingPositionTimestamp?: number;
  batchSize: number;
  maximumBatchingWindowInSeconds: number;
  /** EventBridge-style JSON patterns; a record passes when any matches. Empty: all pass. */
  filterPatterns: string[];
  reportBatchItemFailures: boolean;
  bisectBatchOnFunctionError: boolean;
  /** -1: retry until the record expires (Lambda's default). */
  maximumRetryAttempts: number;
  /** -1: records never expire for the mapping (Lambda's default). */
  maximumRecordAgeInSeconds: number;
  onFailureDestination?: string;
  parallelizationFactor: number;
  tumblingWindowInSeconds?: number;
}

export interface ScheduleEventDef {
  kind: 'Schedule' | 'ScheduleV2';
  name: string;
  expression: string;
  enabled: boolean;
  input?: string;
}

export interface FunctionDef {
  logicalId: string;
  name: string;
  arn: string;
  /** Absolute path of the TypeScript/JavaScript entry point that esbuild bundles. */
  entryPoint: string;
  /** `handler.handler` -> file `handler`, export `handler`. */
  handler: string;
  handlerFile: string;
  handlerExport: string;
  runtime: string;
  timeoutSeconds: number;
  memorySize: number;
  environment: Record<string, string>;
  /** esbuild options from Metadata.BuildProperties that matter locally. */
  external: string[];
  /** Metadata.BuildProperties.Loader as esbuild takes it, e.g. `{ '.sql': 'text' }`. */
  loader?: Record<string, string>;
  /** Metadata.BuildProperties.Target (e.g. `node22`); absent: from the runtime (local/runtime/build.ts). */
  target?: string;
  streamEvents: StreamEventDef[];
  routes: RouteDef[];
  schedules: ScheduleEventDef[];
  /**
   * The IAM service prefixes its role (or its `Policies`) allow it to call (`dynamodb`, `sqs`, ...; `*` for any,
   * `policy:<name>` for a policy that names none), from local/template/policies.ts.
   */
  calls?: string[];
}

/** An AWS::KinesisFirehose::DeliveryStream with an S3 destination (local/services/firehose.ts). */
export interface DeliveryStreamDef {
  logicalId: string;
  name: string;
  arn: string;
  /** S3 key prefix, with its `!{partitionKeyFromQuery:...}` expressions. */
  prefix: string;
  errorPrefix: string;
  /** BufferingHints as the template gives them (the local stand-in caps them, see there). */
  bufferSeconds: number;
  bufferMB: number;
  fileExtension: string;
  /** Parquet when DataFormatConversionConfiguration is on, else the records as they came. */
  format: 'parquet' | 'json';
  /** The Parquet serializer's compression, e.g. SNAPPY. */
  compression: string;
  /** Dynamic partitioning's inline (JQ) query, e.g. `{dt: .created_at[0:10]}`. */
  partitionQuery?: string;
  /** Path inside the bucket of the Glue table the conversion writes for, e.g. `posts/`. */
  tableLocation?: string;
}

export interface CorsDef {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  maxAge?: number;
  allowCredentials?: boolean;
}

/** The HttpApi's DefaultRouteSettings throttling: each route's token bucket. */
export interface ThrottleDef {
  rateLimit: number;
  burstLimit: number;
}

export interface LocalTemplate {
  parameters: Record<string, string>;
  conditions: Record<string, boolean>;
  tables: TableDef[];
  streams: KinesisStreamDef[];
  queues: QueueDef[];
  deliveryStreams: DeliveryStreamDef[];
  functions: FunctionDef[];
  stateMachines: StateMachineDef[];
  routes: RouteDef[];
  cors?: CorsDef;
  throttle?: ThrottleDef;
  outputs: Record<string, unknown>;
  /** One line per kind of problem, for the caller to print (unknown types, unsupported events). */
  warnings: string[];
}

/** Values only known once the local services run (phase two of resolution). */
export interface RuntimeFacts {
  /** Base URL of the local SQS server, for queue URLs. */
  sqsEndpoint?: string;
  /** Real stream ARNs from DynamoDB Local, by table logical id. */
  tableStreamArns?: Record<string, string>;
}

export interface ResolveOptions extends RuntimeFacts {
  root: string;
  templatePath?: string;
  parameterOverrides?: Record<string, string>;
  stackName?: string;
  /** Skip reading state machine definitions (e.g. when only building functions). */
  skipDefinitions?: boolean;
}

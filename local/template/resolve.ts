import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { yamlParse } from 'yaml-cfn';
import { LOCAL_ACCOUNT, LOCAL_REGION, type StateMachineDef } from '../types';
import { describeFunction } from './functions';
import { withFunctionGlobals } from './globals';
import {
  conditionEvaluator,
  type IntrinsicContext,
  resolveValue,
  TemplateError,
} from './intrinsics';
import { describeDeliveryStream, pathInBucket } from './firehose';
import {
  deliveryStreamArn,
  functionArn,
  kinesisStreamArn,
  logGroupArn,
  PENDING_SQS_ENDPOINT,
  queueArn,
  queueUrl,
  stateMachineArn,
  tableArn,
  UNRESOLVED_PREFIX,
} from './names';
import { loadDefinition } from './state-machines';
import type {
  CorsDef,
  FunctionDef,
  KinesisStreamDef,
  LocalTemplate,
  QueueDef,
  RawResource,
  ThrottleDef,
  RawTemplate,
  ResolveOptions,
  TableDef,
} from './types';

type Json = Record<string, unknown>;

/** Kinesis on-demand streams scale by themselves; locally two shards exercise the multi-shard path. */
export const ON_DEMAND_LOCAL_SHARDS = 2;
const DEFAULT_STACK_NAME = 'social-stream-local';

/** The name template.yaml gives the part of a role that only the event source mapping uses. */
export const EVENT_SOURCE_MAPPING_POLICY = 'event-source-mapping';

/** Resource types that mean nothing locally and are skipped without a warning. */
const SILENT_TYPES = new Set([
  'AWS::Logs::LogGroup',
  'AWS::IAM::Role',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::Lambda::Permission',
  'AWS::CloudWatch::Alarm',
  'AWS::CloudWatch::Dashboard',
]);

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

export function loadTemplateFile(path: string): RawTemplate {
  const raw = yamlParse(readFileSync(path, 'utf8')) as RawTemplate;
  if (!raw || typeof raw.Resources !== 'object') {
    throw new TemplateError(`${path} has no Resources section`);
  }
  return raw;
}

/** Reads template.yaml from the repository root and resolves it (see resolveRawTemplate). */
export function resolveTemplate(opts: ResolveOptions): LocalTemplate {
  return resolveRawTemplate(
    loadTemplateFile(opts.templatePath ?? join(opts.root, 'template.yaml')),
    opts,
  );
}

function parameterValues(
  raw: RawTemplate,
  overrides: Record<string, string>,
  warn: (l: string) => void,
): Record<string, unknown> {
  const declared = raw.Parameters ?? {};
  for (const name of Object.keys(overrides)) {
    if (!(name in declared))
      warn(`parameter override ${name} is not a template parameter; ignored`);
  }
  const values: Record<string, unknown> = {};
  for (const [name, decl] of Object.entries(declared)) {
    const given = overrides[name] ?? decl.Default;
    if (given === undefined)
      throw new TemplateError(`Parameter ${name} has no value and no Default`);
    const value = String(given);
    if (decl.AllowedValues && !decl.AllowedValues.map(String).includes(value)) {
      throw new TemplateError(
        `Parameter ${name}=${value} is not one of ${decl.AllowedValues.map(String).join(', ')}`,
      );
    }
    const isList = decl.Type === 'CommaDelimitedList' || decl.Type?.startsWith('List<');
    values[name] = isList ? value.split(',').map((s) => s.trim()) : value;
  }
  return values;
}

/**
 * Resolves a parsed template to the local resources. Call it twice: first without RuntimeFacts (to
 * learn which tables, streams and queues to create), then with the queue endpoint and the table
 * stream ARNs the services report, for the functions, event sources and state machines.
 */
export function resolveRawTemplate(raw: RawTemplate, opts: ResolveOptions): LocalTemplate {
  const warnings: string[] = [];
  const warn = (line: string): void => void warnings.push(line);
  const stackName = opts.stackName ?? DEFAULT_STACK_NAME;
  const sqsEndpoint = opts.sqsEndpoint ?? PENDING_SQS_ENDPOINT;
  const parameters: Record<string, unknown> = {
    ...parameterValues(raw, opts.parameterOverrides ?? {}, warn),
    'AWS::Region': LOCAL_REGION,
    'AWS::AccountId': LOCAL_ACCOUNT,
    'AWS::StackName': stackName,
    'AWS::StackId': `arn:aws:cloudformation:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stack/${stackName}/local`,
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::Partition': 'aws',
    'AWS::NotificationARNs': [],
  };
  const resources = raw.Resources;

  // The context refers to the condition evaluator and vice versa; both are needed lazily.
  const ctx: IntrinsicContext = {
    parameters,
    mappings: raw.Mappings ?? {},
    condition: conditionEvaluator(raw.Conditions ?? {}, () => ctx),
    ref: (id) => refOf(id),
    getAtt: (id, attr) => getAttOf(id, attr),
  };
  const conditions: Record<string, boolean> = {};
  for (const name of Object.keys(raw.Conditions ?? {})) conditions[name] = ctx.condition(name);

  const isActive = (r: RawResource): boolean => !r.Condition || ctx.condition(r.Condition);
  const active = (id: string): RawResource => {
    const r = resources[id];
    if (!r) throw new TemplateError(`Unknown resource ${id}`);
    if (!isActive(r)) throw new TemplateError(`${id} is referenced but its Condition is false`);
    return r;
  };
  const propsCache = new Map<string, Json>();
  const props = (id: string): Json => {
    let p = propsCache.get(id);
    if (!p) {
      p = obj(resolveValue(resources[id]?.Properties ?? {}, ctx));
      propsCache.set(id, p);
    }
    return p;
  };
  // Only the name property is resolved, so resources may refer to each other without a cycle.
  const nameOf = (id: string, key: string): string => {
    const raw = resources[id]?.Properties?.[key];
    return raw === undefined ? id : (str(resolveValue(raw, ctx)) ?? id);
  };

  function refOf(id: string): unknown {
    if (!(id in resources)) return undefined;
    const r = active(id);
    switch (r.Type) {
      case 'AWS::DynamoDB::Table':
        return nameOf(id, 'TableName');
      case 'AWS::Kinesis::Stream':
        return nameOf(id, 'Name');
      case 'AWS::SQS::Queue':
        return queueUrl(sqsEndpoint, nameOf(id, 'QueueName'));
      case 'AWS::Serverless::Function':
      case 'AWS::Lambda::Function':
        return nameOf(id, 'FunctionName');
      case 'AWS::Serverless::StateMachine':
      case 'AWS::StepFunctions::StateMachine':
        return stateMachineArn(nameOf(id, 'Name'));
      case 'AWS::Logs::LogGroup':
        return nameOf(id, 'LogGroupName');
      case 'AWS::KinesisFirehose::DeliveryStream':
        return nameOf(id, 'DeliveryStreamName');
      default:
        return id;
    }
  }

  function getAttOf(id: string, attr: string): unknown {
    const r = active(id);
    const key = `${r.Type}.${attr}`;
    switch (key) {
      case 'AWS::DynamoDB::Table.Arn':
        return tableArn(nameOf(id, 'TableName'));
      case 'AWS::DynamoDB::Table.StreamArn':
        return opts.tableStreamArns?.[id] ?? `${tableArn(nameOf(id, 'TableName'))}/stream/pending`;
      case 'AWS::Kinesis::Stream.Arn':
        return kinesisStreamArn(nameOf(id, 'Name'));
      case 'AWS::SQS::Queue.Arn':
        return queueArn(nameOf(id, 'QueueName'));
      case 'AWS::SQS::Queue.QueueName':
        return nameOf(id, 'QueueName');
      case 'AWS::SQS::Queue.QueueUrl':
        return queueUrl(sqsEndpoint, nameOf(id, 'QueueName'));
      case 'AWS::Serverless::Function.Arn':
      case 'AWS::Lambda::Function.Arn':
        return functionArn(nameOf(id, 'FunctionName'));
      case 'AWS::Serverless::StateMachine.Arn':
      case 'AWS::StepFunctions::StateMachine.Arn':
        return stateMachineArn(nameOf(id, 'Name'));
      case 'AWS::Serverless::StateMachine.Name':
      case 'AWS::StepFunctions::StateMachine.Name':
        return nameOf(id, 'Name');
      case 'AWS::Logs::LogGroup.Arn':
        return logGroupArn(nameOf(id, 'LogGroupName'));
      case 'AWS::KinesisFirehose::DeliveryStream.Arn':
        return deliveryStreamArn(nameOf(id, 'DeliveryStreamName'));
      default:
        // Attributes of resources that do not exist locally still need a stable, readable value.
        return `${UNRESOLVED_PREFIX}${id}.${attr}`;
    }
  }

  /**
   * The policy documents and managed policies of the role a function's `Role` names
   * (`!GetAtt X.Arn`), for what the function may call; undefined without a template role.
   */
  function rolePolicies(role: unknown): unknown[] | undefined {
    const getAtt = obj(role)['Fn::GetAtt'];
    const [id, attr] = Array.isArray(getAtt)
      ? getAtt.map(String)
      : typeof getAtt === 'string'
        ? getAtt.split('.')
        : [];
    if (!id || attr !== 'Arn' || resources[id]?.Type !== 'AWS::IAM::Role') return undefined;
    const p = props(id);
    // The event source mapping's policy is what Lambda's poller uses (stream reads), not calls
    // the function's code makes.
    const documents = (Array.isArray(p.Policies) ? p.Policies : [])
      .filter((x) => obj(x).PolicyName !== EVENT_SOURCE_MAPPING_POLICY)
      .map((x) => obj(x).PolicyDocument);
    const managed = Array.isArray(p.ManagedPolicyArns) ? p.ManagedPolicyArns : [];
    return [...documents, ...managed];
  }

  const out: LocalTemplate = {
    parameters: Object.fromEntries(
      Object.entries(parameters)
        .filter(([k]) => !k.startsWith('AWS::'))
        .map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : String(v)]),
    ),
    conditions,
    tables: [],
    streams: [],
    queues: [],
    deliveryStreams: [],
    functions: [],
    stateMachines: [],
    routes: [],
    outputs: {},
    warnings,
  };
  const ignored: string[] = [];
  const functionGlobals = raw.Globals?.Function;

  for (const [id, resource] of Object.entries(resources)) {
    if (!isActive(resource)) continue;
    switch (resource.Type) {
      case 'AWS::DynamoDB::Table':
        out.tables.push(describeTable(id, nameOf(id, 'TableName'), props(id)));
        break;
      case 'AWS::Kinesis::Stream':
        out.streams.push(describeStream(nameOf(id, 'Name'), id, props(id)));
        break;
      case 'AWS::SQS::Queue': {
        const name = nameOf(id, 'QueueName');
        out.queues.push({
          logicalId: id,
          name,
          arn: queueArn(name),
          url: queueUrl(sqsEndpoint, name),
        } satisfies QueueDef);
        break;
      }
      case 'AWS::KinesisFirehose::DeliveryStream': {
        const name = nameOf(id, 'DeliveryStreamName');
        // A Glue table the conversion names: where its data lives inside the bucket.
        const tableLocation = (ref: string): string | undefined => {
          const location = obj(obj(props(ref).TableInput).StorageDescriptor).Location;
          return typeof location === 'string' ? pathInBucket(location) : undefined;
        };
        out.deliveryStreams.push(
          describeDeliveryStream(id, name, deliveryStreamArn(name), props(id), (ref) =>
            resources[ref]?.Type === 'AWS::Glue::Table' ? tableLocation(ref) : undefined,
          ),
        );
        break;
      }
      case 'AWS::Serverless::Function': {
        const merged = withFunctionGlobals(resource.Properties ?? {}, functionGlobals);
        const fn = describeFunction(
          opts.root,
          id,
          obj(resolveValue(merged, ctx)),
          obj(resource.Metadata),
          warn,
          rolePolicies(resource.Properties?.Role),
        );
        if (fn) out.functions.push(fn);
        break;
      }
      case 'AWS::Serverless::StateMachine':
      case 'AWS::StepFunctions::StateMachine':
        out.stateMachines.push(
          describeStateMachine(opts.root, id, nameOf(id, 'Name'), props(id), !opts.skipDefinitions),
        );
        break;
      case 'AWS::Serverless::HttpApi': {
        const cors = describeCors(props(id).CorsConfiguration);
        if (cors) out.cors = cors;
        const throttle = describeThrottle(id, props(id).DefaultRouteSettings);
        if (throttle) out.throttle = throttle;
        break;
      }
      default:
        if (!SILENT_TYPES.has(resource.Type)) ignored.push(`${id} (${resource.Type})`);
    }
  }
  out.routes = out.functions.flatMap((f: FunctionDef) => f.routes);
  for (const [name, output] of Object.entries(raw.Outputs ?? {})) {
    if (output.Condition && !ctx.condition(output.Condition)) continue;
    out.outputs[name] = resolveValue(output.Value, ctx);
  }
  if (ignored.length > 0) {
    warn(`resource types not run locally, ignored: ${ignored.join(', ')}`);
  }
  return out;
}

function describeTable(logicalId: string, name: string, p: Json): TableDef {
  const billingMode = str(p.BillingMode) ?? 'PROVISIONED';
  const provisioned = billingMode === 'PROVISIONED';
  const throughput = (t: unknown): { ReadCapacityUnits: number; WriteCapacityUnits: number } => ({
    ReadCapacityUnits: Number(obj(t).ReadCapacityUnits ?? 5),
    WriteCapacityUnits: Number(obj(t).WriteCapacityUnits ?? 5),
  });
  const index = (i: unknown, global: boolean): Json => {
    const x = obj(i);
    return {
      IndexName: x.IndexName,
      KeySchema: x.KeySchema,
      Projection: x.Projection,
      ...(global && provisioned
        ? { ProvisionedThroughput: throughput(x.ProvisionedThroughput) }
        : {}),
    };
  };
  const stream = obj(p.StreamSpecification);
  const ttl = obj(p.TimeToLiveSpecification);
  const gsis = Array.isArray(p.GlobalSecondaryIndexes) ? p.GlobalSecondaryIndexes : [];
  const lsis = Array.isArray(p.LocalSecondaryIndexes) ? p.LocalSecondaryIndexes : [];
  const createInput = {
    TableName: name,
    AttributeDefinitions: p.AttributeDefinitions,
    KeySchema: p.KeySchema,
    BillingMode: billingMode,
    ...(provisioned ? { ProvisionedThroughput: throughput(p.ProvisionedThroughput) } : {}),
    ...(gsis.length ? { GlobalSecondaryIndexes: gsis.map((g) => index(g, true)) } : {}),
    ...(lsis.length ? { LocalSecondaryIndexes: lsis.map((l) => index(l, false)) } : {}),
    ...(str(stream.StreamViewType)
      ? { StreamSpecification: { StreamEnabled: true, StreamViewType: stream.StreamViewType } }
      : {}),
  } as CreateTableCommandInput;
  return {
    logicalId,
    name,
    arn: tableArn(name),
    createInput,
    ...(str(ttl.AttributeName)
      ? {
          ttl: {
            attributeName: str(ttl.AttributeName)!,
            enabled: ttl.Enabled === true || ttl.Enabled === 'true',
          },
        }
      : {}),
  };
}

function describeStream(name: string, logicalId: string, p: Json): KinesisStreamDef {
  const mode = str(obj(p.StreamModeDetails).StreamMode) ?? 'PROVISIONED';
  const shardCount = mode === 'ON_DEMAND' ? ON_DEMAND_LOCAL_SHARDS : Number(p.ShardCount ?? 1);
  if (!Number.isInteger(shardCount) || shardCount < 1) {
    throw new TemplateError(`${logicalId}: ShardCount must be a positive integer`);
  }
  return { logicalId, name, arn: kinesisStreamArn(name), shardCount };
}

function describeStateMachine(
  root: string,
  logicalId: string,
  name: string,
  p: Json,
  withDefinition: boolean,
): StateMachineDef {
  const type = str(p.Type) ?? str(p.StateMachineType) ?? 'STANDARD';
  if (type !== 'STANDARD' && type !== 'EXPRESS') {
    throw new TemplateError(`${logicalId}: unknown state machine Type ${type}`);
  }
  return {
    logicalId,
    name,
    arn: stateMachineArn(name),
    type,
    definition: withDefinition ? loadDefinition(root, logicalId, p) : {},
  };
}

/** Both limits, or none: API Gateway leaves a route unthrottled (but for the account) without them. */
function describeThrottle(logicalId: string, settings: unknown): ThrottleDef | undefined {
  const s = obj(settings);
  if (s.ThrottlingRateLimit === undefined && s.ThrottlingBurstLimit === undefined) return undefined;
  const rateLimit = Number(s.ThrottlingRateLimit);
  const burstLimit = Number(s.ThrottlingBurstLimit);
  if (!(rateLimit >= 0) || !(burstLimit >= 0) || !Number.isFinite(rateLimit + burstLimit)) {
    throw new TemplateError(
      `${logicalId}: DefaultRouteSettings needs numeric ThrottlingRateLimit and ThrottlingBurstLimit`,
    );
  }
  return { rateLimit, burstLimit };
}

function describeCors(config: unknown): CorsDef | undefined {
  if (config === true) {
    return { allowOrigins: ['*'], allowMethods: ['*'], allowHeaders: ['*'], exposeHeaders: [] };
  }
  const c = obj(config);
  if (Object.keys(c).length === 0) return undefined;
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  return {
    allowOrigins: list(c.AllowOrigins),
    allowMethods: list(c.AllowMethods),
    allowHeaders: list(c.AllowHeaders),
    exposeHeaders: list(c.ExposeHeaders),
    ...(c.MaxAge !== undefined ? { maxAge: Number(c.MaxAge) } : {}),
    ...(c.AllowCredentials !== undefined ? { allowCredentials: c.AllowCredentials === true } : {}),
  };
}

import { referencedIds, type CfnResource, type CfnTemplate } from './template-loader';

/**
 * Every IAM grant a template makes once SAM has transformed it: inline statements, SAM policy
 * templates (expanded from their definitions), AWS-managed policies (named or attached by SAM
 * itself for logging, tracing and stream event sources), IAM roles (a function's explicit `Role`
 * counts as the function's) and policies, and resource policies. `iamViolations` checks them
 * against the least-privilege rules of tests/template/policies.test.ts.
 */

type Json = Record<string, unknown>;

export interface Statement {
  Effect?: unknown;
  Action?: unknown;
  NotAction?: unknown;
  Resource?: unknown;
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: unknown;
}

export interface Grant {
  /** The logical id of the resource the statement belongs to. */
  owner: string;
  /** Where it came from: `inline`, `sam:<Template>`, `managed:<Name>`, `resource-policy`. */
  origin: string;
  statement: Statement;
}

/**
 * The SAM policy templates this template uses, copied from aws-sam-translator 1.110.0
 * (samtranslator/policy_templates_data/policy_templates.json). A template not listed here fails
 * the check until its definition is added, and so reviewed.
 */
const tableResources = [
  {
    'Fn::Sub': [
      'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}',
      { tableName: { Ref: 'TableName' } },
    ],
  },
  {
    'Fn::Sub': [
      'arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${tableName}/index/*',
      { tableName: { Ref: 'TableName' } },
    ],
  },
];
export const SAM_POLICY_TEMPLATES: Record<string, Statement[]> = {
  DynamoDBReadPolicy: [
    {
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:Scan',
        'dynamodb:Query',
        'dynamodb:BatchGetItem',
        'dynamodb:DescribeTable',
      ],
      Resource: tableResources,
    },
  ],
  DynamoDBWritePolicy: [
    {
      Effect: 'Allow',
      Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:BatchWriteItem'],
      Resource: tableResources,
    },
  ],
  DynamoDBCrudPolicy: [
    {
      Effect: 'Allow',
      Action: [
        'dynamodb:GetItem',
        'dynamodb:DeleteItem',
        'dynamodb:PutItem',
        'dynamodb:Scan',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:BatchGetItem',
        'dynamodb:DescribeTable',
        'dynamodb:ConditionCheckItem',
      ],
      Resource: tableResources,
    },
  ],
  SQSSendMessagePolicy: [
    {
      Effect: 'Allow',
      Action: ['sqs:SendMessage*'],
      Resource: {
        'Fn::Sub': [
          'arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${queueName}',
          { queueName: { Ref: 'QueueName' } },
        ],
      },
    },
  ],
  LambdaInvokePolicy: [
    {
      Effect: 'Allow',
      Action: ['lambda:InvokeFunction'],
      Resource: {
        'Fn::Sub': [
          'arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${functionName}*',
          { functionName: { Ref: 'FunctionName' } },
        ],
      },
    },
  ],
  AWSSecretsManagerGetSecretValuePolicy: [
    {
      Effect: 'Allow',
      Action: ['secretsmanager:GetSecretValue'],
      Resource: { 'Fn::Sub': ['${secretArn}', { secretArn: { Ref: 'SecretArn' } }] },
    },
  ],
  ComprehendBasicAccessPolicy: [
    {
      Effect: 'Allow',
      Action: [
        'comprehend:BatchDetectKeyPhrases',
        'comprehend:DetectDominantLanguage',
        'comprehend:DetectEntities',
        'comprehend:BatchDetectEntities',
        'comprehend:DetectKeyPhrases',
        'comprehend:DetectSentiment',
        'comprehend:BatchDetectDominantLanguage',
        'comprehend:BatchDetectSentiment',
      ],
      Resource: '*',
    },
  ],
};

const LOGS = ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'];

/** AWS-managed policies, as AWS publishes them; an unlisted one fails the check. */
export const MANAGED_POLICIES: Record<string, Statement[]> = {
  AWSLambdaBasicExecutionRole: [{ Effect: 'Allow', Action: LOGS, Resource: '*' }],
  AWSXrayWriteOnlyAccess: [
    {
      Effect: 'Allow',
      Action: [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:GetSamplingStatisticSummaries',
      ],
      Resource: '*',
    },
  ],
  AWSLambdaKinesisExecutionRole: [
    {
      Effect: 'Allow',
      Action: [
        'kinesis:DescribeStream',
        'kinesis:DescribeStreamSummary',
        'kinesis:GetRecords',
        'kinesis:GetShardIterator',
        'kinesis:ListShards',
        'kinesis:ListStreams',
        'kinesis:SubscribeToShard',
        ...LOGS,
      ],
      Resource: '*',
    },
  ],
  AWSLambdaDynamoDBExecutionRole: [
    {
      Effect: 'Allow',
      Action: [
        'dynamodb:DescribeStream',
        'dynamodb:GetRecords',
        'dynamodb:GetShardIterator',
        'dynamodb:ListStreams',
        ...LOGS,
      ],
      Resource: '*',
    },
  ],
  AWSLambdaSQSQueueExecutionRole: [
    {
      Effect: 'Allow',
      Action: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', ...LOGS],
      Resource: '*',
    },
  ],
};

/** The managed policy SAM attaches to a function's generated role for each event source type. */
const EVENT_MANAGED_POLICY: Record<string, string | null> = {
  Kinesis: 'AWSLambdaKinesisExecutionRole',
  DynamoDB: 'AWSLambdaDynamoDBExecutionRole',
  SQS: 'AWSLambdaSQSQueueExecutionRole',
  // These are pushed to the function with a resource-based permission: nothing on the role.
  HttpApi: null,
  Api: null,
  Schedule: null,
  ScheduleV2: null,
  EventBridgeRule: null,
  CloudWatchEvent: null,
  S3: null,
  SNS: null,
};

/**
 * The AWS-managed policies a role may carry, each with why no scoped statement can replace it.
 * Any other managed policy is a violation, whether a role names it or SAM attaches it to a role
 * it generates: a function without its own `Role` gets AWSLambdaBasicExecutionRole (logs of the
 * whole account) and, per stream event source, AWSLambdaKinesisExecutionRole or
 * AWSLambdaDynamoDBExecutionRole (every stream), where statements naming the function's log
 * group and stream serve. Listed policies are still checked statement by statement.
 */
export const MANAGED_POLICY_EXCEPTIONS: Readonly<Record<string, string>> = {
  AWSXrayWriteOnlyAccess:
    'X-Ray\'s write and sampling APIs have no resource-level permissions, so "*" is their only ' +
    "resource; SAM attaches it to the state machine's role for Tracing, and a hand-written role " +
    'would grant the same actions on the same "*".',
};

/**
 * Actions AWS offers no resource-level permission for: "*" is their only valid Resource.
 * (Service Authorization Reference, checked 2026-11.)
 */
export const RESOURCELESS_ACTIONS = [
  /^logs:(Create|Get|Update|Delete)LogDelivery$/,
  /^logs:ListLogDeliveries$/,
  /^logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/,
  /^xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets|GetSamplingStatisticSummaries)$/,
  /^comprehend:(Batch)?Detect(DominantLanguage|Sentiment|KeyPhrases|Syntax)$/,
  /^cloudwatch:PutMetricData$/,
];

const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Both branches of Fn::If, flattened; AWS::NoValue dropped. */
function branches(v: unknown): unknown[] {
  if (Array.isArray(v)) return v.flatMap(branches);
  if (isObj(v) && Array.isArray(v['Fn::If']))
    return (v['Fn::If'] as unknown[]).slice(1).flatMap(branches);
  if (isObj(v) && v.Ref === 'AWS::NoValue') return [];
  return [v];
}

/** Replaces `{Ref: <template parameter>}` in a SAM policy template definition with the argument. */
function substitute(v: unknown, args: Json): unknown {
  if (Array.isArray(v)) return v.map((x) => substitute(x, args));
  if (!isObj(v)) return v;
  if (typeof v.Ref === 'string' && v.Ref in args) return args[v.Ref];
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, substitute(x, args)]));
}

const managedName = (arnOrName: unknown): string =>
  String(isObj(arnOrName) && arnOrName['Fn::Sub'] ? arnOrName['Fn::Sub'] : arnOrName).replace(
    /^arn:(\$\{AWS::Partition\}|[^:]*):iam::aws:policy\/(service-role\/)?/,
    '',
  );

interface Collected {
  grants: Grant[];
  problems: string[];
}

function addManaged(out: Collected, owner: string, policy: unknown, implicit: boolean): void {
  const name = managedName(policy);
  const statements = MANAGED_POLICIES[name];
  if (!statements) {
    out.problems.push(
      `${owner}: managed policy ${name} is not reviewed (add it to MANAGED_POLICIES)`,
    );
    return;
  }
  const origin = `${implicit ? 'sam-managed' : 'managed'}:${name}`;
  for (const statement of statements) out.grants.push({ owner, origin, statement });
}

/** A SAM function's or state machine's `Policies`, expanded. */
function samPolicies(out: Collected, owner: string, policies: unknown): void {
  for (const p of branches(list(policies))) {
    if (typeof p === 'string' || (isObj(p) && p['Fn::Sub'])) {
      addManaged(out, owner, p, false);
      continue;
    }
    if (!isObj(p)) continue;
    if (p.Statement !== undefined) {
      for (const s of branches(list(p.Statement)))
        out.grants.push({ owner, origin: 'inline', statement: s as Statement });
      continue;
    }
    for (const [name, args] of Object.entries(p)) {
      const definition = SAM_POLICY_TEMPLATES[name];
      if (!definition) {
        out.problems.push(
          `${owner}: SAM policy template ${name} is not reviewed (add it to SAM_POLICY_TEMPLATES)`,
        );
        continue;
      }
      const bound = substitute(definition, isObj(args) ? args : {}) as Statement[];
      for (const statement of bound) out.grants.push({ owner, origin: `sam:${name}`, statement });
    }
  }
}

function policyDocuments(out: Collected, owner: string, origin: string, docs: unknown): void {
  for (const doc of branches(list(docs))) {
    if (!isObj(doc)) continue;
    for (const s of branches(list(doc.Statement)))
      out.grants.push({ owner, origin, statement: s as Statement });
  }
}

/** The role a function's `Role` names (`!GetAtt X.Arn`), if it is one of the template's. */
export function roleIdOf(role: unknown): string | undefined {
  const getAtt = isObj(role) ? role['Fn::GetAtt'] : undefined;
  const [id, attr] = Array.isArray(getAtt)
    ? getAtt.map(String)
    : typeof getAtt === 'string'
      ? getAtt.split('.')
      : [];
  return id && attr === 'Arn' ? id : undefined;
}

/** Role logical id -> the functions using it. */
export function rolesOfFunctions(t: CfnTemplate): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const [id, r] of Object.entries(t.Resources)) {
    if (r.Type !== 'AWS::Serverless::Function') continue;
    const role = roleIdOf(r.Properties?.Role);
    if (role) users.set(role, [...(users.get(role) ?? []), id]);
  }
  return users;
}

function roleGrants(out: Collected, owner: string, p: Json): void {
  for (const pol of branches(list(p.Policies)))
    policyDocuments(out, owner, 'inline', (pol as Json).PolicyDocument);
  for (const arn of branches(list(p.ManagedPolicyArns))) addManaged(out, owner, arn, false);
}

/** Only Lambda may assume a function's role. */
function trustsOnlyLambda(p: Json): boolean {
  const statements = branches(list((p.AssumeRolePolicyDocument as Json | undefined)?.Statement));
  return (
    statements.length > 0 &&
    statements.every((s) => {
      const st = s as Statement;
      const principal = st.Principal as Json | undefined;
      return (
        st.Effect === 'Allow' &&
        list(st.Action).every((a) => a === 'sts:AssumeRole') &&
        isObj(principal) &&
        Object.keys(principal).every((k) => k === 'Service') &&
        list(principal.Service).every((svc) => svc === 'lambda.amazonaws.com')
      );
    })
  );
}

/** A function's explicit role: its own, trusted by Lambda only, its grants the function's. */
function functionRole(out: Collected, t: CfnTemplate, fn: string, roleRef: unknown): void {
  const id = roleIdOf(roleRef);
  const role = id ? t.Resources[id] : undefined;
  if (!id || role?.Type !== 'AWS::IAM::Role') {
    out.problems.push(`${fn}: Role ${JSON.stringify(roleRef)} is not a role of the template`);
    return;
  }
  const p = (role.Properties ?? {}) as Json;
  const users = rolesOfFunctions(t).get(id) ?? [];
  if (users.length > 1) out.problems.push(`${fn}: role ${id} is shared by ${users.join(', ')}`);
  if (!trustsOnlyLambda(p))
    out.problems.push(`${fn}: role ${id} may be assumed by more than Lambda`);
  roleGrants(out, fn, p);
}

/** Every grant in the template, after SAM's transform. */
export function collectGrants(t: CfnTemplate): Collected {
  const out: Collected = { grants: [], problems: [] };
  const globalTracing = t.Globals?.Function?.Tracing;
  for (const [id, r] of Object.entries(t.Resources)) {
    const p = (r.Properties ?? {}) as Json;
    switch (r.Type) {
      case 'AWS::Serverless::Function': {
        if (p.Role !== undefined) {
          // SAM ignores Policies beside a Role without a word: they would only look like grants.
          if (p.Policies !== undefined)
            out.problems.push(
              `${id}: Policies next to Role are ignored by SAM; put them in the role`,
            );
          functionRole(out, t, id, p.Role);
          break;
        }
        samPolicies(out, id, p.Policies);
        addManaged(out, id, 'AWSLambdaBasicExecutionRole', true);
        if ((p.Tracing ?? globalTracing) === 'Active')
          addManaged(out, id, 'AWSXrayWriteOnlyAccess', true);
        for (const [name, ev] of Object.entries(isObj(p.Events) ? p.Events : {})) {
          const type = String((ev as Json).Type);
          if (!(type in EVENT_MANAGED_POLICY)) {
            out.problems.push(
              `${id}.${name}: event type ${type} is not reviewed (add it to EVENT_MANAGED_POLICY)`,
            );
            continue;
          }
          const managed = EVENT_MANAGED_POLICY[type];
          if (managed) addManaged(out, id, managed, true);
        }
        break;
      }
      case 'AWS::Serverless::StateMachine': {
        samPolicies(out, id, p.Policies);
        const tracing = p.Tracing as Json | undefined;
        if (p.Role === undefined && tracing?.Enabled === true)
          addManaged(out, id, 'AWSXrayWriteOnlyAccess', true);
        break;
      }
      case 'AWS::IAM::Role':
        // A function's role is that function's: its grants were collected with it.
        if (!rolesOfFunctions(t).has(id)) roleGrants(out, id, p);
        break;
      case 'AWS::IAM::Policy':
      case 'AWS::IAM::ManagedPolicy':
        policyDocuments(out, id, 'inline', p.PolicyDocument);
        break;
      case 'AWS::S3::BucketPolicy':
      case 'AWS::SQS::QueuePolicy':
      case 'AWS::SNS::TopicPolicy':
      case 'AWS::Events::EventBusPolicy':
        policyDocuments(out, id, 'resource-policy', p.PolicyDocument);
        break;
      default:
        if (r.Type.startsWith('AWS::Serverless::') && p.Policies !== undefined)
          samPolicies(out, id, p.Policies);
    }
  }
  return out;
}

/** `"*"`, or an ARN string whose resource part is a wildcard (`arn:aws:kinesis:*:*:stream/*`). */
function isWildcardResource(resource: unknown): boolean {
  if (resource === '*') return true;
  if (typeof resource !== 'string') return false;
  return (
    /^arn:[^:]*:[^:]*:[^:]*:[^:]*:(.*\/)?\*$/.test(resource) || /^arn:[^:]*:[^:]*:\*/.test(resource)
  );
}

/**
 * Glue authorizes every table action on the catalog, the database and the table together. The
 * account's Data Catalog cannot name anything of the template, so it is accepted for Glue
 * actions, and only in a statement that also names a database or table of the template.
 */
const GLUE_CATALOG = 'arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog';

function isGlueCatalogBesideScopedGlue(
  resource: unknown,
  statement: Statement,
  actions: string[],
  t: CfnTemplate,
): boolean {
  const text = isObj(resource) ? resource['Fn::Sub'] : undefined;
  if (text !== GLUE_CATALOG || !actions.every((a) => a.startsWith('glue:'))) return false;
  return branches(list(statement.Resource)).some(
    (r) =>
      r !== resource && isScoped(r, t) && /:glue:.*:(database|table)\//.test(JSON.stringify(r)),
  );
}

/** A resource that names something of this template (or a parameter, e.g. a secret's ARN). */
function isScoped(resource: unknown, t: CfnTemplate): boolean {
  const ids = referencedIds(resource).filter((x) => !x.startsWith('AWS::'));
  return ids.some((x) => x in t.Resources || x in t.Parameters);
}

const hasCondition = (s: Statement): boolean =>
  isObj(s.Condition) && Object.keys(s.Condition).length > 0;

function isEveryone(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isObj(principal)) return false;
  return list(principal.AWS).includes('*');
}

/**
 * Least-privilege violations, one line each: wildcard actions, "*" resources for actions that
 * have resource-level permissions, resources that name nothing of the template, NotAction /
 * NotResource allows, resource policies open to everyone, and anything not reviewed.
 */
export function iamViolations(
  t: CfnTemplate,
  exceptions: Readonly<Record<string, string>> = MANAGED_POLICY_EXCEPTIONS,
): string[] {
  const { grants, problems } = collectGrants(t);
  const out = [...problems, ...logGroupViolations(t, grants)];
  const reported = new Set<string>();
  for (const { owner, origin, statement: s } of grants) {
    if (s.Effect !== 'Allow') continue;
    const where = `${owner} (${origin})`;
    const managed = /^(sam-)?managed:(.+)$/.exec(origin)?.[2];
    if (managed && !(managed in exceptions) && !reported.has(where)) {
      reported.add(where);
      out.push(
        `${where}: AWS-managed policy; replace it with statements scoped to the actions and ARNs used`,
      );
    }
    if (s.NotAction !== undefined) out.push(`${where}: Allow with NotAction`);
    if (s.NotResource !== undefined) out.push(`${where}: Allow with NotResource`);
    const actions = branches(list(s.Action)).map(String);
    for (const action of actions) {
      if (action === '*' || /^[a-z0-9-]+:\*$/i.test(action))
        out.push(`${where}: wildcard action ${action}`);
      // Hand-written statements name each action; the SAM templates' own suffix wildcards are reviewed above.
      else if (origin === 'inline' && action.includes('*'))
        out.push(`${where}: wildcard in action ${action}`);
    }
    if (origin === 'resource-policy') {
      if (isEveryone(s.Principal) && !hasCondition(s))
        out.push(`${where}: allows everyone without a condition`);
      continue;
    }
    for (const resource of branches(list(s.Resource))) {
      if (isWildcardResource(resource)) {
        const unscopable = actions.filter((a) => !RESOURCELESS_ACTIONS.some((re) => re.test(a)));
        if (unscopable.length > 0) out.push(`${where}: "*" resource for ${unscopable.join(', ')}`);
      } else if (
        !isScoped(resource, t) &&
        !isGlueCatalogBesideScopedGlue(resource, s, actions, t)
      ) {
        out.push(
          `${where}: resource ${JSON.stringify(resource)} names no resource or parameter of the template`,
        );
      }
    }
    if (s.Resource === undefined) out.push(`${where}: statement without Resource`);
  }
  return out;
}

/**
 * A function's logs go to its own log group (LoggingConfig.LogGroup): its role may write there
 * and nowhere else.
 */
function logGroupViolations(t: CfnTemplate, grants: Grant[]): string[] {
  const out: string[] = [];
  for (const { owner, origin, statement: s } of grants) {
    const fn = t.Resources[owner];
    if (fn?.Type !== 'AWS::Serverless::Function' || s.Effect !== 'Allow') continue;
    const writes = branches(list(s.Action))
      .map(String)
      .filter((a) => /^logs:(CreateLogStream|PutLogEvents)$/.test(a));
    if (writes.length === 0) continue;
    const own = referencedIds((fn.Properties?.LoggingConfig as Json | undefined)?.LogGroup);
    for (const resource of branches(list(s.Resource))) {
      const named = referencedIds(resource);
      if (own.length === 0 || !named.every((id) => own.includes(id)) || named.length === 0)
        out.push(`${owner} (${origin}): ${writes.join(', ')} beyond its own log group`);
    }
  }
  return out;
}

/** For tests that mutate a template: a deep copy with one resource replaced or added. */
export function withResource(t: CfnTemplate, id: string, resource: CfnResource): CfnTemplate {
  const copy = structuredClone(t);
  copy.Resources[id] = resource;
  return copy;
}

/**
 * What a function may call, read from its role's policy documents, or its resolved `Policies`
 * without a role of its own (a function can call in AWS only what its role allows): the IAM
 * service prefixes of the SAM policy templates, inline statements and managed policies it names,
 * e.g. `["dynamodb", "sqs"]`. An ARN of a managed policy reads as its name. `npm run invoke` uses it to tell the
 * functions that need the local stack's services from those that run on their own.
 */

type Json = Record<string, unknown>;

/** SAM policy templates by name prefix -> the service they grant (aws-sam-translator's list). */
const POLICY_TEMPLATE_SERVICES: [RegExp, string][] = [
  [/^DynamoDB/, 'dynamodb'],
  [/^SQS/, 'sqs'],
  [/^Kinesis/, 'kinesis'],
  [/^StepFunctions/, 'states'],
  [/^Lambda/, 'lambda'],
  [/^S3/, 's3'],
  [/^SNS/, 'sns'],
  [/^SES/, 'ses'],
  [/^(AWS)?SecretsManager/, 'secretsmanager'],
  [/^Comprehend/, 'comprehend'],
  [/^CloudWatch/, 'cloudwatch'],
  [/^EventBridge/, 'events'],
  [/^SSMParameter/, 'ssm'],
  [/^KMS/, 'kms'],
];

/**
 * A policy whose service cannot be told (an unknown policy template, a managed policy by name or
 * ARN) reads `policy:<name>`: callers should assume it may call anything.
 */
export const UNKNOWN_POLICY_PREFIX = 'policy:';

function actionsOf(statement: unknown): string[] {
  const s = (typeof statement === 'object' && statement !== null ? statement : {}) as Json;
  if (s.Effect !== undefined && s.Effect !== 'Allow') return [];
  // NotAction allows everything else.
  if (s.NotAction !== undefined) return ['*'];
  const action = s.Action;
  return (Array.isArray(action) ? action : [action]).filter(
    (a): a is string => typeof a === 'string',
  );
}

function servicesOf(policy: unknown): string[] {
  if (typeof policy === 'string')
    return [
      `${UNKNOWN_POLICY_PREFIX}${policy.replace(/^arn:[^/]*:policy\/(service-role\/)?/, '')}`,
    ];
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) return [];
  const p = policy as Json;
  if ('Statement' in p) {
    const statements = Array.isArray(p.Statement) ? p.Statement : [p.Statement];
    return statements.flatMap(actionsOf).map((a) => (a === '*' ? '*' : a.split(':')[0]!));
  }
  return Object.keys(p).map(
    (name) =>
      POLICY_TEMPLATE_SERVICES.find(([re]) => re.test(name))?.[1] ??
      `${UNKNOWN_POLICY_PREFIX}${name}`,
  );
}

/** The services a function's resolved `Policies` property lets it call, sorted, each once. */
export function policyServices(policies: unknown): string[] {
  const list = Array.isArray(policies) ? policies : policies === undefined ? [] : [policies];
  return [...new Set(list.flatMap(servicesOf))].sort();
}

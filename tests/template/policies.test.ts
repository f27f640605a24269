import {
  ACCEPTED_SAM_MANAGED,
  collectGrants,
  iamViolations,
  MANAGED_POLICIES,
  withResource,
} from './iam';
import { loadTemplate, resourcesOfType, type CfnResource } from './template-loader';

/** Least privilege: every IAM grant of template.yaml, after SAM's transform, is scoped. */

const template = loadTemplate();

const fn = (policies: unknown, extra: Record<string, unknown> = {}): CfnResource => ({
  Type: 'AWS::Serverless::Function',
  Properties: { Handler: 'x.handler', Policies: policies, ...extra },
});

describe('IAM in template.yaml', () => {
  it('has no violations: no wildcard actions, "*" only where AWS offers no resource, every resource scoped', () => {
    expect(iamViolations(template)).toEqual([]);
  });

  it('sees the grants of every function and of the state machine role', () => {
    const owners = new Set(collectGrants(template).grants.map((g) => g.owner));
    const principals = [
      ...resourcesOfType(template, 'AWS::Serverless::Function'),
      ...resourcesOfType(template, 'AWS::Serverless::StateMachine'),
    ].map(([id]) => id);
    expect(principals.length).toBeGreaterThan(5);
    for (const id of principals) expect({ id, seen: owners.has(id) }).toEqual({ id, seen: true });
  });

  it('expands SAM policy templates instead of trusting their names', () => {
    const grants = collectGrants(template).grants.filter(
      (g) => g.owner === 'StatsFunction' && g.origin === 'sam:DynamoDBReadPolicy',
    );
    expect(grants).toHaveLength(1);
    expect(grants[0]!.statement.Action).toContain('dynamodb:Query');
    expect(JSON.stringify(grants[0]!.statement.Resource)).toContain('"Ref":"StatsTable"');
  });

  it('lets the collector read only its two secrets, each when its parameter names one', () => {
    const grants = collectGrants(template).grants.filter(
      (g) =>
        g.owner === 'CollectorFunction' && g.origin === 'sam:AWSSecretsManagerGetSecretValuePolicy',
    );
    const resources = grants.map((g) => JSON.stringify(g.statement.Resource));
    expect(resources).toHaveLength(2);
    expect(resources.some((r) => r.includes('"Ref":"CollectorSecretArn"'))).toBe(true);
    expect(resources.some((r) => r.includes('"Ref":"RedditSecretArn"'))).toBe(true);
    const policies = JSON.stringify(
      (template.Resources?.CollectorFunction?.Properties as { Policies: unknown }).Policies,
    );
    expect(policies).toContain('"HasRedditSecret"');
  });

  it('accepts only the AWS-managed policies SAM attaches to generated roles, each reviewed', () => {
    const implicit = new Set(
      collectGrants(template)
        .grants.filter((g) => g.origin.startsWith('sam-managed:'))
        .map((g) => g.origin.slice('sam-managed:'.length)),
    );
    for (const name of implicit) expect(ACCEPTED_SAM_MANAGED.has(name)).toBe(true);
    // Without the acceptance, their "*" resources are exactly what the check reports.
    const strict = iamViolations(template, new Set());
    expect(
      strict.some((v) => /IngestFunction \(sam-managed:AWSLambdaKinesisExecutionRole\)/.test(v)),
    ).toBe(true);
  });
});

describe('the IAM check fails on', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'a "*" action',
      { Statement: [{ Effect: 'Allow', Action: '*', Resource: { Ref: 'PostsTable' } }] },
      /wildcard action \*/,
    ],
    [
      'a service-wide action',
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: ['dynamodb:*'],
            Resource: { 'Fn::GetAtt': ['PostsTable', 'Arn'] },
          },
        ],
      },
      /wildcard action dynamodb:\*/,
    ],
    [
      'a partial wildcard in a hand-written action',
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'dynamodb:Get*',
            Resource: { 'Fn::GetAtt': ['PostsTable', 'Arn'] },
          },
        ],
      },
      /wildcard in action dynamodb:Get\*/,
    ],
    [
      'a "*" resource for an action that can be scoped',
      { Statement: [{ Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: '*' }] },
      /"\*" resource for dynamodb:GetItem/,
    ],
    [
      'a wildcard ARN',
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'kinesis:PutRecords',
            Resource: 'arn:aws:kinesis:*:*:stream/*',
          },
        ],
      },
      /"\*" resource for kinesis:PutRecords/,
    ],
    [
      'a literal ARN that names nothing of the template',
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'sqs:SendMessage',
            Resource: 'arn:aws:sqs:us-east-1:123456789012:other',
          },
        ],
      },
      /names no resource or parameter/,
    ],
    [
      'a "*" hidden in one branch of Fn::If',
      [
        {
          'Fn::If': [
            'UseComprehend',
            { Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] },
            { Ref: 'AWS::NoValue' },
          ],
        },
      ],
      /"\*" resource for s3:GetObject/,
    ],
    [
      'NotAction',
      { Statement: [{ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }] },
      /NotAction/,
    ],
    [
      "the account's Glue catalog without a database or table of the template",
      {
        Statement: [
          {
            Effect: 'Allow',
            Action: 'glue:GetTable',
            Resource: {
              'Fn::Sub': 'arn:${AWS::Partition}:glue:${AWS::Region}:${AWS::AccountId}:catalog',
            },
          },
        ],
      },
      /names no resource or parameter/,
    ],
    [
      'a SAM policy template with "*" resources',
      [{ ComprehendBasicAccessPolicy: {} }],
      /comprehend:DetectEntities/,
    ],
    [
      'an unreviewed SAM policy template',
      [{ S3FullAccessPolicy: { BucketName: 'x' } }],
      /S3FullAccessPolicy is not reviewed/,
    ],
    [
      'a named managed policy',
      ['AmazonDynamoDBFullAccess'],
      /AmazonDynamoDBFullAccess is not reviewed/,
    ],
  ])('%s', (_name, policies, expected) => {
    const bad = withResource(template, 'BadFunction', fn(policies));
    const violations = iamViolations(bad).filter((v) => v.startsWith('BadFunction'));
    expect(violations.join('\n')).toMatch(expected);
  });

  it('an AWS::IAM::Role with a "*" statement', () => {
    const bad = withResource(template, 'BadRole', {
      Type: 'AWS::IAM::Role',
      Properties: {
        Policies: [
          { PolicyDocument: { Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] } },
        ],
      },
    });
    expect(iamViolations(bad).join('\n')).toMatch(/BadRole \(inline\): wildcard action sqs:\*/);
  });

  it('a resource policy that allows everyone', () => {
    const bad = withResource(template, 'OpenQueuePolicy', {
      Type: 'AWS::SQS::QueuePolicy',
      Properties: {
        PolicyDocument: {
          Statement: [
            {
              Effect: 'Allow',
              Principal: '*',
              Action: 'sqs:SendMessage',
              Resource: { Ref: 'DeadLetterQueue' },
            },
          ],
        },
      },
    });
    expect(iamViolations(bad).join('\n')).toMatch(/OpenQueuePolicy .*allows everyone/);
  });

  it('an event source whose SAM-attached managed policy is not reviewed', () => {
    const bad = withResource(
      template,
      'BadFunction',
      fn([], {
        Events: {
          Q: { Type: 'SQS', Properties: { Queue: { 'Fn::GetAtt': ['DeadLetterQueue', 'Arn'] } } },
        },
      }),
    );
    expect(iamViolations(bad).join('\n')).toMatch(
      /BadFunction \(sam-managed:AWSLambdaSQSQueueExecutionRole\)/,
    );
    expect(MANAGED_POLICIES.AWSLambdaSQSQueueExecutionRole).toBeDefined();
  });
});

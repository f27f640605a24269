import {
  collectGrants,
  iamViolations,
  MANAGED_POLICIES,
  MANAGED_POLICY_EXCEPTIONS,
  type Statement,
  withResource,
} from './iam';
import { loadTemplate, referencedIds, resourcesOfType, type CfnResource } from './template-loader';

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
    const withTemplate = withResource(
      template,
      'ReadFunction',
      fn([{ DynamoDBReadPolicy: { TableName: { Ref: 'StatsTable' } } }]),
    );
    const grants = collectGrants(withTemplate).grants.filter(
      (g) => g.owner === 'ReadFunction' && g.origin === 'sam:DynamoDBReadPolicy',
    );
    expect(grants).toHaveLength(1);
    expect(grants[0]!.statement.Action).toContain('dynamodb:Query');
    expect(JSON.stringify(grants[0]!.statement.Resource)).toContain('"Ref":"StatsTable"');
  });

  it('gives every function a role of its own, so SAM attaches no AWS-managed policy to it', () => {
    for (const [id, r] of resourcesOfType(template, 'AWS::Serverless::Function')) {
      expect({ id, role: r.Properties?.Role }).toEqual({
        id,
        role: { 'Fn::GetAtt': [expect.stringMatching(/Role$/), 'Arn'] },
      });
    }
  });

  it("keeps only X-Ray's managed policy (the state machine's tracing), for its stated reason", () => {
    const managed = new Set(
      collectGrants(template)
        .grants.map((g) => /^(?:sam-)?managed:(.+)$/.exec(g.origin)?.[1])
        .filter((name): name is string => name !== undefined),
    );
    expect([...managed]).toEqual(['AWSXrayWriteOnlyAccess']);
    expect(Object.keys(MANAGED_POLICY_EXCEPTIONS)).toEqual(['AWSXrayWriteOnlyAccess']);
    expect(MANAGED_POLICY_EXCEPTIONS.AWSXrayWriteOnlyAccess).toMatch(/no resource-level/);
    // Without the exception, the same policy is what the check reports.
    expect(iamViolations(template, {}).join('\n')).toMatch(
      /EnrichStateMachine \(sam-managed:AWSXrayWriteOnlyAccess\): AWS-managed policy/,
    );
  });
});

/** What a function's role allows on one resource of the template, action by action. */
function allowed(fnId: string, resourceId: string): { action: string; statement: Statement }[] {
  return collectGrants(template)
    .grants.filter((g) => g.owner === fnId && g.statement.Effect === 'Allow')
    .filter((g) => referencedIds(g.statement.Resource).includes(resourceId))
    .flatMap((g) =>
      ([] as unknown[]).concat(g.statement.Action).map((a) => ({
        action: String(a),
        statement: g.statement,
      })),
    );
}
const actions = (fnId: string, resourceId: string): string[] =>
  [...new Set(allowed(fnId, resourceId).map((a) => a.action))].sort();

describe('each function may do what its code does, on what it touches', () => {
  it('Persist: only the updates, puts and batch reads and writes it makes; nothing it does not', () => {
    expect(actions('PersistFunction', 'PostsTable')).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    // Counters, pending deltas and chunks (fold.ts), feeds, rank lists (rank-lists.ts).
    expect(actions('PersistFunction', 'StatsTable')).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:BatchWriteItem',
      'dynamodb:DeleteItem',
      'dynamodb:GetItem',
      'dynamodb:PutItem',
      'dynamodb:Query',
      'dynamodb:UpdateItem',
    ]);
    expect(actions('PersistFunction', 'TracksTable')).toEqual([]);
  });

  it('Ingest: reads which posts exist, retracts deletes, and leaves storing and counting to the workflow', () => {
    // store.ts's BatchGetItem; retract.ts's tombstone (PutItem) and retraction (UpdateItem).
    // No BatchWriteItem: the workflow's Persist puts the new posts.
    expect(actions('IngestFunction', 'PostsTable')).toEqual([
      'dynamodb:BatchGetItem',
      'dynamodb:PutItem',
      'dynamodb:UpdateItem',
    ]);
    expect(actions('IngestFunction', 'EnrichStateMachine')).toEqual(['states:StartSyncExecution']);
    // Nothing else starts the workflow.
    const starters = collectGrants(template)
      .grants.filter((g) =>
        ([] as unknown[]).concat(g.statement.Action).some((a) => /^states:Start/.test(String(a))),
      )
      .map((g) => g.owner);
    expect([...new Set(starters)]).toEqual(['IngestFunction']);
  });

  it('the collector: reads the tracked terms, writes only its checkpoint rows', () => {
    const onTracks = allowed('CollectorFunction', 'TracksTable');
    expect(onTracks.length).toBeGreaterThan(0);
    for (const { action, statement } of onTracks) {
      const rows = (statement.Condition as Record<string, Record<string, unknown>> | undefined)?.[
        'ForAllValues:StringEquals'
      ]?.['dynamodb:LeadingKeys'];
      const writes = /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(action);
      expect({ action, rows }).toEqual({
        action,
        rows: writes ? ['CHECKPOINT'] : expect.any(Array),
      });
      expect(rows).not.toEqual(expect.arrayContaining(['*']));
    }
    expect(actions('CollectorFunction', 'TracksTable')).not.toContain('dynamodb:PutItem');
  });

  it('the collector reads only its two secrets, each only when its parameter names one', () => {
    const secrets = collectGrants(template).grants.filter(
      (g) =>
        g.owner === 'CollectorFunction' &&
        ([] as unknown[]).concat(g.statement.Action).includes('secretsmanager:GetSecretValue'),
    );
    expect(secrets.map((g) => JSON.stringify(g.statement.Resource)).sort()).toEqual([
      '{"Ref":"CollectorSecretArn"}',
      '{"Ref":"RedditSecretArn"}',
    ]);
    const role = JSON.stringify(template.Resources?.CollectorRole?.Properties);
    expect(role).toContain('"Fn::If":["HasCollectorSecret"');
    expect(role).toContain('"Fn::If":["HasRedditSecret"');
  });

  it('the /tracks routes touch the TRACK rows only, never the collector checkpoints', () => {
    for (const fnId of ['TracksFunction', 'TrackChangesFunction']) {
      for (const { action, statement } of allowed(fnId, 'TracksTable')) {
        expect({ fnId, action, condition: statement.Condition }).toEqual({
          fnId,
          action,
          condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['TRACK'] } },
        });
      }
    }
    expect(actions('TracksFunction', 'TracksTable')).toEqual(['dynamodb:Query']);
  });

  it.each([
    ['IngestFunction', 'PostsStream', /^kinesis:(Describe|Get|List)/],
    [
      'TombstoneFunction',
      'PostsTable',
      /^dynamodb:(DescribeStream|GetRecords|GetShardIterator|ListStreams)$/,
    ],
  ])('%s reads its event source stream, named, not every stream', (fnId, source, reads) => {
    const streamReads = collectGrants(template)
      .grants.filter((g) => g.owner === fnId)
      .filter((g) =>
        ([] as unknown[]).concat(g.statement.Action).some((a) => reads.test(String(a))),
      );
    expect(streamReads.length).toBeGreaterThan(0);
    for (const g of streamReads) {
      expect(g.origin).toBe('inline');
      expect(referencedIds(g.statement.Resource)).toEqual([source]);
    }
  });

  it('the read routes read, and only the table they read', () => {
    // A bucket's rank list (GetItem), its members' counters (BatchGetItem), the buckets with
    // posts (Query on the _all counters): functions/api/dynamo.ts and live-buckets.ts.
    const ranked = ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'];
    expect(actions('HashtagsFunction', 'StatsTable')).toEqual(ranked);
    expect(actions('LocationsFunction', 'StatsTable')).toEqual(ranked);
    expect(actions('StatsFunction', 'StatsTable')).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
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

  it.each<[string, Record<string, unknown>, RegExp[]]>([
    [
      'a function without a role of its own (SAM attaches AWSLambdaBasicExecutionRole)',
      {},
      [
        /BadFunction \(sam-managed:AWSLambdaBasicExecutionRole\): AWS-managed policy/,
        /"\*" resource for logs:CreateLogGroup/,
        /logs:CreateLogStream, logs:PutLogEvents beyond its own log group/,
      ],
    ],
    [
      "a Kinesis-triggered function on SAM's role (AWSLambdaKinesisExecutionRole)",
      {
        Events: {
          S: { Type: 'Kinesis', Properties: { Stream: { 'Fn::GetAtt': ['PostsStream', 'Arn'] } } },
        },
      },
      [
        /\(sam-managed:AWSLambdaKinesisExecutionRole\): AWS-managed policy/,
        /"\*" resource for kinesis:DescribeStream, kinesis:DescribeStreamSummary, kinesis:GetRecords/,
      ],
    ],
    [
      "a DynamoDB-stream-triggered function on SAM's role (AWSLambdaDynamoDBExecutionRole)",
      {
        Events: {
          S: {
            Type: 'DynamoDB',
            Properties: { Stream: { 'Fn::GetAtt': ['PostsTable', 'StreamArn'] } },
          },
        },
      },
      [
        /\(sam-managed:AWSLambdaDynamoDBExecutionRole\): AWS-managed policy/,
        /"\*" resource for dynamodb:DescribeStream, dynamodb:GetRecords/,
      ],
    ],
  ])('%s', (_name, extra, expected) => {
    const bad = withResource(template, 'BadFunction', fn([], extra));
    const violations = iamViolations(bad).join('\n');
    for (const re of expected) expect(violations).toMatch(re);
  });

  describe('a function role', () => {
    const trust = (principal: unknown, action = 'sts:AssumeRole') => ({
      Statement: [{ Effect: 'Allow', Principal: principal, Action: action }],
    });
    const role = (
      statements: unknown[],
      extra: Record<string, unknown> = {},
      principal: unknown = { Service: 'lambda.amazonaws.com' },
    ): CfnResource => ({
      Type: 'AWS::IAM::Role',
      Properties: {
        AssumeRolePolicyDocument: trust(principal),
        Policies: [{ PolicyName: 'p', PolicyDocument: { Statement: statements } }],
        ...extra,
      },
    });
    const ownLogs = {
      Effect: 'Allow',
      Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
      Resource: { 'Fn::GetAtt': ['BadLogGroup', 'Arn'] },
    };
    const withFunction = (
      r: CfnResource,
      fnExtra: Record<string, unknown> = {},
      more: Record<string, CfnResource> = {},
    ) => {
      let t = withResource(template, 'BadRole', r);
      t = withResource(t, 'BadLogGroup', { Type: 'AWS::Logs::LogGroup', Properties: {} });
      t = withResource(t, 'BadFunction', {
        Type: 'AWS::Serverless::Function',
        Properties: {
          Handler: 'x.handler',
          Role: { 'Fn::GetAtt': ['BadRole', 'Arn'] },
          LoggingConfig: { LogGroup: { Ref: 'BadLogGroup' } },
          ...fnExtra,
        },
      });
      for (const [id, res] of Object.entries(more)) t = withResource(t, id, res);
      return iamViolations(t)
        .filter((v) => /^(Bad|Other)/.test(v))
        .join('\n');
    };

    it('passes the check when scoped (the check is not simply failing everything)', () => {
      expect(withFunction(role([ownLogs]))).toBe('');
    });

    it.each<[string, () => string, RegExp]>([
      [
        'with an AWS-managed policy whose resources are "*"',
        () =>
          withFunction(
            role([ownLogs], {
              ManagedPolicyArns: [
                'arn:aws:iam::aws:policy/service-role/AWSLambdaKinesisExecutionRole',
              ],
            }),
          ),
        /BadFunction \(managed:AWSLambdaKinesisExecutionRole\): AWS-managed policy/,
      ],
      [
        'with a managed policy given by Fn::Sub',
        () =>
          withFunction(
            role([ownLogs], {
              ManagedPolicyArns: [
                {
                  'Fn::Sub':
                    'arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
                },
              ],
            }),
          ),
        /managed:AWSLambdaBasicExecutionRole\): AWS-managed policy/,
      ],
      [
        'writing logs into another log group',
        () =>
          withFunction(
            role([{ ...ownLogs, Resource: { 'Fn::GetAtt': ['IngestLogGroup', 'Arn'] } }]),
          ),
        /BadFunction \(inline\): logs:CreateLogStream, logs:PutLogEvents beyond its own log group/,
      ],
      [
        'writing logs anywhere',
        () => withFunction(role([{ ...ownLogs, Resource: '*' }])),
        /beyond its own log group/,
      ],
      [
        'that any principal may assume',
        () => withFunction(role([ownLogs], {}, '*')),
        /may be assumed by more than Lambda/,
      ],
      [
        'that another service may assume',
        () =>
          withFunction(
            role([ownLogs], {}, { Service: ['lambda.amazonaws.com', 'ec2.amazonaws.com'] }),
          ),
        /may be assumed by more than Lambda/,
      ],
      [
        'shared by two functions',
        () =>
          withFunction(
            role([ownLogs]),
            {},
            {
              OtherFunction: {
                Type: 'AWS::Serverless::Function',
                Properties: { Handler: 'x.handler', Role: { 'Fn::GetAtt': ['BadRole', 'Arn'] } },
              },
            },
          ),
        /role BadRole is shared by/,
      ],
      [
        'beside Policies, which SAM ignores',
        () =>
          withFunction(role([ownLogs]), { Policies: [{ DynamoDBReadPolicy: { TableName: 'x' } }] }),
        /Policies next to Role are ignored/,
      ],
      [
        'given as an ARN the template does not define',
        () => withFunction(role([ownLogs]), { Role: 'arn:aws:iam::123456789012:role/admin' }),
        /is not a role of the template/,
      ],
      [
        'writing a table the function should only read, on "*"',
        () =>
          withFunction(
            role([ownLogs, { Effect: 'Allow', Action: 'dynamodb:PutItem', Resource: '*' }]),
          ),
        /"\*" resource for dynamodb:PutItem/,
      ],
    ])('%s', (_name, violations, expected) => {
      expect(violations()).toMatch(expected);
    });
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

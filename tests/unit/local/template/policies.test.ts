import { findRepoRoot } from '../../../../local/paths';
import { policyServices, resolveTemplate } from '../../../../local/template';

describe('policyServices', () => {
  it('reads SAM policy templates, inline statements and managed policies', () => {
    expect(
      policyServices([
        { DynamoDBReadPolicy: { TableName: 'T' } },
        { SQSSendMessagePolicy: { QueueName: 'Q' } },
        { AWSSecretsManagerGetSecretValuePolicy: { SecretArn: 'arn' } },
        {
          Statement: [
            { Effect: 'Allow', Action: ['kinesis:PutRecord', 'kinesis:PutRecords'], Resource: '*' },
            { Effect: 'Allow', Action: 'states:StartSyncExecution', Resource: '*' },
            { Effect: 'Deny', Action: 'sns:Publish', Resource: '*' },
          ],
        },
        'AWSXrayWriteOnlyAccess',
        { SomeFuturePolicy: {} },
      ]),
    ).toEqual([
      'dynamodb',
      'kinesis',
      'policy:AWSXrayWriteOnlyAccess',
      'policy:SomeFuturePolicy',
      'secretsmanager',
      'sqs',
      'states',
    ]);
  });

  it('treats NotAction and "*" as anything, and no Policies as nothing', () => {
    expect(policyServices({ Statement: { Effect: 'Allow', NotAction: 'iam:*' } })).toEqual(['*']);
    expect(policyServices([{ Statement: [{ Effect: 'Allow', Action: '*' }] }])).toEqual(['*']);
    expect(policyServices(undefined)).toEqual([]);
    expect(policyServices([])).toEqual([]);
  });

  it("gives every template function what its role lets its code call (not its event source's reads)", () => {
    const t = resolveTemplate({ root: findRepoRoot(), skipDefinitions: true });
    const calls = Object.fromEntries(t.functions.map((f) => [f.logicalId, f.calls]));
    // Every function writes its logs and traces itself.
    const own = (...services: string[]) => [...services, 'logs', 'xray'].sort();
    expect(calls).toMatchObject({
      // Starts the enrichment workflow (Step Functions); not Kinesis, which its mapping reads.
      IngestFunction: own('dynamodb', 'firehose', 'sqs', 'states'),
      TombstoneFunction: own('dynamodb'),
      PrepareFunction: own(),
      PlanFunction: own(),
      PersistFunction: own('dynamodb', 'firehose'),
      DetectSentimentFunction: own(),
      DetectLanguageFunction: own(),
      HashtagsFunction: own('dynamodb'),
      CollectorFunction: own('dynamodb', 'kinesis'),
    });
  });

  it('reads managed policy ARNs as their names', () => {
    expect(
      policyServices(['arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole']),
    ).toEqual(['policy:AWSLambdaBasicExecutionRole']);
  });
});

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

  it('gives every template function what its Policies let it call', () => {
    const t = resolveTemplate({ root: findRepoRoot(), skipDefinitions: true });
    const calls = Object.fromEntries(t.functions.map((f) => [f.logicalId, f.calls]));
    expect(calls).toMatchObject({
      IngestFunction: ['dynamodb', 'firehose', 'sqs'],
      TombstoneFunction: ['dynamodb'],
      EnrichFunction: ['states'],
      PrepareFunction: [],
      PlanFunction: [],
      DetectSentimentFunction: [],
      DetectLanguageFunction: [],
      HashtagsFunction: ['dynamodb'],
      CollectorFunction: ['dynamodb', 'kinesis'],
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { METRIC } from '../../functions/shared/powertools';
import { resolveRawTemplate, type RawTemplate } from '../../local/template';
import {
  loadTemplate,
  referencedIds,
  resourcesOfType,
  root,
  type CfnResource,
} from './template-loader';

const template = loadTemplate();
const props = (r: CfnResource | undefined): Record<string, unknown> => r?.Properties ?? {};

interface Dimension {
  Name: string;
  Value: unknown;
}

const alarms = resourcesOfType(template, 'AWS::CloudWatch::Alarm');
const alarm = (id: string): Record<string, unknown> => {
  const r = template.Resources[id];
  expect({ id, type: r?.Type }).toEqual({ id, type: 'AWS::CloudWatch::Alarm' });
  return props(r);
};
const dimensions = (p: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries((p.Dimensions as Dimension[]).map((d) => [d.Name, d.Value]));

describe('operations alarms in template.yaml', () => {
  it('IngestIteratorAgeAlarm watches the IteratorAge of IngestFunction, which enriches, stores and counts the posts', () => {
    const p = alarm('IngestIteratorAgeAlarm');
    expect(p).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Statistic: 'Maximum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: { Ref: 'IteratorAgeAlarmMilliseconds' },
      TreatMissingData: 'notBreaching',
    });
    expect(dimensions(p)).toEqual({ FunctionName: { Ref: 'IngestFunction' } });
    // Its event source mapping is the Kinesis stream, and its invocations run the workflow:
    // the age of what it has not read is how stale the counts are.
    const ingest = props(template.Resources.IngestFunction);
    const events = ingest.Events as Record<string, { Type: string }>;
    expect(Object.values(events).map((e) => e.Type)).toEqual(['Kinesis']);
    expect(
      (ingest.Environment as { Variables: Record<string, unknown> }).Variables.STATE_MACHINE_ARN,
    ).toEqual({ Ref: 'EnrichStateMachine' });
    // The one freshness alarm: no other mapping stands between a post and its counts.
    const iteratorAge = alarms.filter(([, r]) => props(r).MetricName === 'IteratorAge');
    expect(iteratorAge.map(([id]) => id)).toEqual(['IngestIteratorAgeAlarm']);
  });

  it('watches the depth of the dead-letter queue', () => {
    const p = alarm('DeadLetterQueueAlarm');
    expect(p).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: { Ref: 'DeadLetterAlarmThreshold' },
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(dimensions(p)).toEqual({
      QueueName: { 'Fn::GetAtt': ['DeadLetterQueue', 'QueueName'] },
    });
    expect(template.Resources.DeadLetterQueue?.Type).toBe('AWS::SQS::Queue');
  });

  it.each([
    ['EnrichExecutionsFailedAlarm', 'ExecutionsFailed'],
    ['EnrichExecutionsTimedOutAlarm', 'ExecutionsTimedOut'],
  ])('%s watches %s of the enrichment state machine', (id, metric) => {
    const p = alarm(id);
    expect(p).toMatchObject({
      Namespace: 'AWS/States',
      MetricName: metric,
      Statistic: 'Sum',
      Threshold: { Ref: 'StateMachineFailureAlarmThreshold' },
    });
    expect(dimensions(p)).toEqual({ StateMachineArn: { Ref: 'EnrichStateMachine' } });
    expect(template.Resources.EnrichStateMachine?.Type).toBe('AWS::Serverless::StateMachine');
  });

  it("watches the HTTP API's 5xx responses on its $default stage", () => {
    const p = alarm('Api5xxAlarm');
    expect(p).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5xx',
      Statistic: 'Sum',
      Threshold: { Ref: 'Api5xxAlarmThreshold' },
    });
    expect(dimensions(p)).toEqual({ ApiId: { Ref: 'HttpApi' }, Stage: '$default' });
    expect(template.Resources.HttpApi?.Type).toBe('AWS::Serverless::HttpApi');
    // A named stage would change the Stage dimension.
    expect(props(template.Resources.HttpApi).StageName).toBeUndefined();
  });

  it('takes every threshold from a parameter with a default', () => {
    for (const [id, r] of alarms) {
      const threshold = props(r).Threshold as { Ref?: string };
      expect({ id, parameter: template.Parameters[threshold.Ref ?? '']?.Default }).toEqual({
        id,
        parameter: expect.anything(),
      });
    }
  });

  it('notifies the optional email topic, and nothing when AlarmEmail is empty', () => {
    expect(template.Parameters.AlarmEmail?.Default).toBe('');
    expect(template.Conditions?.HasAlarmEmail).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmEmail' }, ''] }],
    });
    const topic = template.Resources.AlarmTopic;
    expect(topic).toMatchObject({ Type: 'AWS::SNS::Topic', Condition: 'HasAlarmEmail' });
    expect(props(topic).Subscription).toEqual([
      { Protocol: 'email', Endpoint: { Ref: 'AlarmEmail' } },
    ]);
    const actions = { 'Fn::If': ['HasAlarmEmail', [{ Ref: 'AlarmTopic' }], []] };
    expect(alarms.length).toBeGreaterThanOrEqual(5);
    for (const [id, r] of alarms) {
      expect({ id, AlarmActions: props(r).AlarmActions }).toEqual({ id, AlarmActions: actions });
      expect({ id, OKActions: props(r).OKActions }).toEqual({ id, OKActions: actions });
    }
  });
});

describe('operations dashboard in template.yaml', () => {
  const dashboard = template.Resources.OperationsDashboard;
  const sub = props(dashboard).DashboardBody as { 'Fn::Sub': string };
  const text = sub['Fn::Sub'];
  // What CloudFormation would make of it: every ${...} replaced by a value of the right kind.
  const body = JSON.parse(
    text.replace(/\$\{([A-Za-z0-9:]+)(\.[A-Za-z]+)?\}/g, (_, id: string) =>
      id === 'IteratorAgeAlarmMilliseconds' ? '300000' : `resolved-${id}`,
    ),
  ) as { widgets: { type: string; properties: Record<string, unknown> }[] };
  const metricRows = body.widgets.flatMap((w) => (w.properties.metrics ?? []) as unknown[][]);
  const hasRow = (...row: string[]): boolean =>
    metricRows.some((r) => row.every((cell, i) => r[i] === cell));

  it('is a CloudWatch dashboard whose body is valid JSON once substituted', () => {
    expect(dashboard?.Type).toBe('AWS::CloudWatch::Dashboard');
    expect(body.widgets.length).toBeGreaterThanOrEqual(5);
  });

  it('shows every alarm', () => {
    const shown = body.widgets
      .filter((w) => w.type === 'alarm')
      .flatMap((w) => w.properties.alarms);
    expect(shown.sort()).toEqual(alarms.map(([id]) => `resolved-${id}`).sort());
  });

  it('shows the metrics the alarms watch, on the same resources', () => {
    expect(hasRow('AWS/Lambda', 'IteratorAge', 'FunctionName', 'resolved-IngestFunction')).toBe(
      true,
    );
    // The function that enriches and counts: its errors and throttles too.
    for (const metric of ['Errors', 'Throttles']) {
      expect(hasRow('AWS/Lambda', metric, 'FunctionName', 'resolved-IngestFunction')).toBe(true);
    }
    expect(
      hasRow(
        'AWS/SQS',
        'ApproximateNumberOfMessagesVisible',
        'QueueName',
        'resolved-DeadLetterQueue',
      ),
    ).toBe(true);
    for (const metric of ['ExecutionsFailed', 'ExecutionsTimedOut']) {
      expect(hasRow('AWS/States', metric, 'StateMachineArn', 'resolved-EnrichStateMachine')).toBe(
        true,
      );
    }
    expect(hasRow('AWS/ApiGateway', '5xx', 'ApiId', 'resolved-HttpApi', 'Stage', '$default')).toBe(
      true,
    );
    const refs = new Set(referencedIds(sub));
    for (const id of [
      'IngestFunction',
      'DeadLetterQueue',
      'EnrichStateMachine',
      'HttpApi',
      'PostsStream',
    ]) {
      expect({ id, referenced: refs.has(id) }).toEqual({ id, referenced: true });
    }
  });

  it('shows throughput: Kinesis IncomingRecords and the Powertools metrics the functions emit', () => {
    expect(hasRow('AWS/Kinesis', 'IncomingRecords', 'StreamName', 'resolved-PostsStream')).toBe(
      true,
    );
    const env = (template.Globals?.Function?.Environment as { Variables: Record<string, string> })
      .Variables;
    const namespace = env.POWERTOOLS_METRICS_NAMESPACE!;
    const service = env.POWERTOOLS_SERVICE_NAME!;
    for (const name of Object.values(METRIC).filter((m) => m !== METRIC.postsRejected)) {
      expect({ name, shown: hasRow(namespace, name, 'service', service) }).toEqual({
        name,
        shown: true,
      });
    }
    // PostsRejected carries a `code` dimension too, so it is found by a SEARCH expression.
    expect(text).toContain(`{${namespace},code,service} MetricName=\\"${METRIC.postsRejected}\\"`);
  });

  it('has its console address in the outputs', () => {
    expect(referencedIds(template.Outputs.OperationsDashboardUrl?.Value)).toContain(
      'OperationsDashboard',
    );
  });
});

describe('the local stack and the operations resources', () => {
  it('skips the alarms, the dashboard and the topic without a warning', () => {
    const raw = JSON.parse(JSON.stringify(template)) as RawTemplate;
    const resolved = resolveRawTemplate(raw, { root, sqsEndpoint: 'http://127.0.0.1:1' });
    for (const id of ['AlarmTopic', 'OperationsDashboard', ...alarms.map(([a]) => a)]) {
      expect(resolved.warnings.join('\n')).not.toContain(`${id} (`);
    }
    expect(String(resolved.outputs.OperationsDashboardUrl)).toContain('#dashboards/dashboard/');
    expect(readFileSync(join(root, 'docs', 'operations.md'), 'utf8')).toMatch(/IteratorAge/);
  });
});

import {
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StateMachineDoesNotExist,
  StateMachineTypeNotSupported,
  InvalidExecutionInput,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { StepFunctionsEndpoint } from '../../../../local/stepfunctions';
import { fnArn, functionError, machine, smArn, startSfn } from './helpers';

const pipeline = machine('Pipeline', {
  StartAt: 'Prepare',
  States: {
    Prepare: { Type: 'Task', Resource: fnArn('Prepare'), ResultPath: '$.prepared', Next: 'Each' },
    Each: {
      Type: 'Map',
      ItemsPath: '$.prepared.groups',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Inner',
        States: {
          Inner: {
            Type: 'Map',
            ItemsPath: '$.items',
            ItemProcessor: {
              StartAt: 'Double',
              States: {
                Double: { Type: 'Task', Resource: `${fnArn('Double')}:$LATEST`, End: true },
              },
            },
            End: true,
          },
        },
      },
      ResultPath: '$.doubled',
      Next: 'Invoke',
    },
    Invoke: {
      Type: 'Task',
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: 'Sum', 'Payload.$': '$.doubled' },
      ResultSelector: { 'total.$': '$.Payload', 'status.$': '$.StatusCode' },
      End: true,
    },
  },
});

const flaky = machine('Flaky', {
  StartAt: 'Call',
  States: {
    Call: {
      Type: 'Task',
      Resource: fnArn('Flaky'),
      Retry: [{ ErrorEquals: ['ThrottlingException'], IntervalSeconds: 0, MaxAttempts: 2 }],
      Catch: [{ ErrorEquals: ['States.TaskFailed'], ResultPath: '$.error', Next: 'Caught' }],
      End: true,
    },
    Caught: { Type: 'Pass', End: true },
  },
});

const failing = machine('Failing', {
  StartAt: 'Call',
  States: { Call: { Type: 'Task', Resource: fnArn('Broken'), End: true } },
});

const standard = machine(
  'Standard',
  { StartAt: 'Echo', States: { Echo: { Type: 'Task', Resource: fnArn('Echo'), End: true } } },
  'STANDARD',
);

let sfn: StepFunctionsEndpoint;
let client: SFNClient;
const calls: { id: string; event: unknown }[] = [];
let flakyFailures = 0;

beforeAll(async () => {
  ({ sfn, client } = await startSfn([pipeline, flaky, failing, standard], async (id, event) => {
    calls.push({ id, event });
    const e = event as Record<string, unknown>;
    switch (id) {
      case 'Prepare':
        return { groups: [{ items: [1, 2] }, { items: [3] }] };
      case 'Double':
        return (event as number) * 2;
      case 'Sum':
        return (event as number[][]).flat().reduce((a, b) => a + b, 0);
      case 'Flaky':
        if (flakyFailures-- > 0) throw functionError('ThrottlingException', 'slow down');
        if (e.fatal) throw functionError('ValidationError', 'bad input');
        return { ok: true };
      case 'Broken':
        throw functionError('TypeError', 'x is undefined');
      case 'Echo':
        return event;
      default:
        throw new Error(`unexpected function ${id}`);
    }
  }));
});

afterAll(() => sfn.stop());
beforeEach(() => {
  calls.length = 0;
});

describe('StartSyncExecution', () => {
  it('runs Lambda tasks, nested Maps and lambda:invoke, and counts executions and states', async () => {
    const before = sfn.counters();
    const res = await client.send(
      new StartSyncExecutionCommand({
        stateMachineArn: smArn('Pipeline'),
        input: JSON.stringify({ batch: 1 }),
        name: 'run-1',
      }),
    );

    expect(res.status).toBe('SUCCEEDED');
    expect(JSON.parse(res.output ?? 'null')).toEqual({ total: 12, status: 200 });
    expect(res.executionArn).toMatch(
      /^arn:aws:states:us-east-1:000000000000:express:Pipeline:run-1:[0-9a-f-]{36}$/,
    );
    expect(res.stateMachineArn).toBe(smArn('Pipeline'));
    expect(res.name).toBe('run-1');
    expect(res.input).toBe('{"batch":1}');
    expect(res.startDate).toBeInstanceOf(Date);
    expect(res.stopDate!.getTime()).toBeGreaterThanOrEqual(res.startDate!.getTime());
    expect(res.billingDetails?.billedMemoryUsedInMB).toBe(64);
    expect(res.billingDetails?.billedDurationInMilliseconds).toBeGreaterThanOrEqual(100);

    // The Task receives its effective input; the qualified ARN reaches the same function.
    expect(calls.find((c) => c.id === 'Prepare')?.event).toEqual({ batch: 1 });
    expect(calls.filter((c) => c.id === 'Double').map((c) => c.event)).toEqual(
      expect.arrayContaining([1, 2, 3]),
    );
    expect(calls.find((c) => c.id === 'Sum')?.event).toEqual([[2, 4], [6]]);

    const after = sfn.counters();
    expect(after.executions - before.executions).toBe(1);
    // Prepare, Each, Invoke + 2 x Inner + 3 x Double.
    expect(after.stateTransitions - before.stateTransitions).toBe(8);
  });

  it('names a function error by its errorType, so Retry matches it', async () => {
    flakyFailures = 2;
    const res = await client.send(
      new StartSyncExecutionCommand({ stateMachineArn: smArn('Flaky'), input: '{}' }),
    );
    expect(res.status).toBe('SUCCEEDED');
    expect(JSON.parse(res.output!)).toEqual({ ok: true });
    expect(calls.filter((c) => c.id === 'Flaky')).toHaveLength(3);
  });

  it('lets States.TaskFailed catch a function error, with AWS error output', async () => {
    flakyFailures = 0;
    const res = await client.send(
      new StartSyncExecutionCommand({ stateMachineArn: smArn('Flaky'), input: '{"fatal":true}' }),
    );
    expect(res.status).toBe('SUCCEEDED');
    const out = JSON.parse(res.output!) as { error: { Error: string; Cause: string } };
    expect(out.error.Error).toBe('ValidationError');
    expect(JSON.parse(out.error.Cause)).toMatchObject({
      errorType: 'ValidationError',
      errorMessage: 'bad input',
    });
  });

  it('reports an uncaught function error as FAILED with error and cause', async () => {
    const res = await client.send(
      new StartSyncExecutionCommand({ stateMachineArn: smArn('Failing'), input: '{}' }),
    );
    expect(res.status).toBe('FAILED');
    expect(res.error).toBe('TypeError');
    expect(JSON.parse(res.cause!)).toMatchObject({ errorMessage: 'x is undefined' });
    expect(res.output).toBeUndefined();
  });

  it('raises StateMachineDoesNotExist for an unknown ARN', async () => {
    await expect(
      client.send(new StartSyncExecutionCommand({ stateMachineArn: smArn('Nope'), input: '{}' })),
    ).rejects.toBeInstanceOf(StateMachineDoesNotExist);
  });

  it('rejects input that is not JSON and STANDARD machines', async () => {
    await expect(
      client.send(new StartSyncExecutionCommand({ stateMachineArn: smArn('Flaky'), input: '{' })),
    ).rejects.toBeInstanceOf(InvalidExecutionInput);
    await expect(
      client.send(new StartSyncExecutionCommand({ stateMachineArn: smArn('Standard') })),
    ).rejects.toBeInstanceOf(StateMachineTypeNotSupported);
  });
});

describe('STANDARD executions and metadata', () => {
  it('starts asynchronously and describes the execution', async () => {
    const started = await client.send(
      new StartExecutionCommand({
        stateMachineArn: smArn('Standard'),
        name: 'e1',
        input: '{"a":1}',
      }),
    );
    expect(started.executionArn).toBe(
      'arn:aws:states:us-east-1:000000000000:execution:Standard:e1',
    );
    let described;
    do {
      described = await client.send(
        new DescribeExecutionCommand({ executionArn: started.executionArn }),
      );
    } while (described.status === 'RUNNING');
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      name: 'e1',
      input: '{"a":1}',
      output: '{"a":1}',
      stateMachineArn: smArn('Standard'),
    });
  });

  it('describes and lists the state machines', async () => {
    const d = await client.send(
      new DescribeStateMachineCommand({ stateMachineArn: smArn('Pipeline') }),
    );
    expect(d).toMatchObject({ name: 'Pipeline', type: 'EXPRESS', status: 'ACTIVE' });
    expect(JSON.parse(d.definition!)).toEqual(pipeline.definition);

    const list = await client.send(new ListStateMachinesCommand({}));
    expect(list.stateMachines?.map((m) => m.name)).toEqual([
      'Pipeline',
      'Flaky',
      'Failing',
      'Standard',
    ]);
  });

  it('answers an unknown operation with the AWS error shape', async () => {
    const res = await fetch(sfn.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.SendTaskSuccess',
      },
      body: '{}',
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      __type: expect.stringMatching(/#UnknownOperationException$/),
    });
  });
});

import { StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { startStepFunctions } from '../../../../local/stepfunctions';
import type { StateMachineDef } from '../../../../local/types';
import { functionNameToArn, resolveFunction } from '../../../../local/stepfunctions/tasks/lambda';
import { fnArn, machine, smArn, startSfn } from './helpers';

const start = (def: StateMachineDef) =>
  startStepFunctions({
    stateMachines: [def],
    invoke: () => Promise.resolve(null),
    functionArnToLogicalId: (arn) => (arn.endsWith(':Known') ? 'Known' : undefined),
    endpoints: { dynamodb: '', kinesis: '', sqs: '', stepfunctions: '' },
  });

const task = (Resource: string) =>
  machine('M', { StartAt: 'T', States: { T: { Type: 'Task', Resource, End: true } } });

describe('start-up checks', () => {
  it('names an unsupported Resource', async () => {
    await expect(start(task('arn:aws:states:::sqs:sendMessage'))).rejects.toThrow(
      /state "T".*unsupported Task Resource arn:aws:states:::sqs:sendMessage/,
    );
    await expect(
      start(task('arn:aws:states:::aws-sdk:comprehend:detectPiiEntities')),
    ).rejects.toThrow(/unsupported Task Resource/);
    await expect(start(task('arn:aws:states:::lambda:invoke.waitForTaskToken'))).rejects.toThrow(
      /unsupported Task Resource/,
    );
  });

  it('rejects a function ARN that is not in the template', async () => {
    await expect(start(task(fnArn('Unknown')))).rejects.toThrow(/no function in the template/);
  });

  it('rejects JSONata, which the interpreter cannot run', async () => {
    const def = machine('J', {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: { P: { Type: 'Pass', End: true } },
    });
    await expect(start(def)).rejects.toThrow(/JSONata is not supported/);
  });

  it('starts a valid machine and stops', async () => {
    const sfn = await start(task(fnArn('Known')));
    expect(sfn.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    await sfn.stop();
  });
});

describe('execution rules', () => {
  it('keeps same-named Tasks with different Resources apart (overrides are by name)', async () => {
    const def = machine('Dup', {
      StartAt: 'Work',
      States: {
        Work: { Type: 'Task', Resource: fnArn('A'), ResultPath: '$.a', Next: 'Fan' },
        Fan: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'Work',
              States: { Work: { Type: 'Task', Resource: fnArn('B'), End: true } },
            },
          ],
          ResultPath: '$.b',
          End: true,
        },
      },
    });
    const { sfn, client } = await startSfn([def], async (id) => id);
    try {
      const res = await client.send(
        new StartSyncExecutionCommand({ stateMachineArn: smArn('Dup'), input: '{}' }),
      );
      expect(JSON.parse(res.output!)).toEqual({ a: 'A', b: ['B'] });
    } finally {
      await sfn.stop();
    }
  });

  it('times an execution out as TIMED_OUT with States.Timeout', async () => {
    const def = machine('Slow', {
      TimeoutSeconds: 1,
      StartAt: 'Hang',
      States: { Hang: { Type: 'Task', Resource: fnArn('Hang'), End: true } },
    });
    const { sfn, client } = await startSfn([def], () => new Promise(() => undefined));
    try {
      const res = await client.send(
        new StartSyncExecutionCommand({ stateMachineArn: smArn('Slow'), input: '{}' }),
      );
      expect(res.status).toBe('TIMED_OUT');
      expect(res.error).toBe('States.Timeout');
    } finally {
      await sfn.stop();
    }
  });

  it('resolves lambda:invoke FunctionName as a name, partial ARN or qualified ARN', () => {
    const ids = (arn: string) => (arn === fnArn('Prepare') ? 'PrepareFunction' : undefined);
    for (const name of [
      'Prepare',
      '000000000000:function:Prepare',
      fnArn('Prepare'),
      `${fnArn('Prepare')}:live`,
    ]) {
      expect([name, resolveFunction(functionNameToArn(name), ids)]).toEqual([
        name,
        'PrepareFunction',
      ]);
    }
    expect(resolveFunction(functionNameToArn('Other'), ids)).toBeUndefined();
  });
});

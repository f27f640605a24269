import {
  ExecutionAbortedError,
  ExecutionError,
  ExecutionTimeoutError,
  type RunOptions,
} from 'aws-local-stepfunctions';
import type { LocalStateMachine } from './machines';
import type { Json } from './tasks/types';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED';

/** Step Functions' limit on the data an execution passes or returns. */
const MAX_PAYLOAD_BYTES = 262_144;

export interface ExecutionRecord {
  executionArn: string;
  stateMachineArn: string;
  name: string;
  status: ExecutionStatus;
  /** Epoch milliseconds. */
  startMs: number;
  stopMs?: number;
  input: string;
  output?: string;
  error?: string;
  cause?: string;
}

export interface RunCounters {
  executions: number;
  stateTransitions: number;
}

export interface Running {
  record: ExecutionRecord;
  done: Promise<ExecutionRecord>;
  abort(): void;
}

async function countTransitions(
  events: AsyncGenerator<{ type: string }>,
  counters: RunCounters,
): Promise<void> {
  // Nested Map and Parallel events are forwarded to the root log, so this sees every state entered.
  for await (const e of events) if (e.type === 'StateEntered') counters.stateTransitions++;
}

function failure(err: unknown): Pick<ExecutionRecord, 'status' | 'error' | 'cause'> {
  if (err instanceof ExecutionTimeoutError) {
    return { status: 'TIMED_OUT', error: 'States.Timeout', cause: 'The execution timed out.' };
  }
  if (err instanceof ExecutionAbortedError) {
    return { status: 'ABORTED', error: 'States.Aborted', cause: 'The execution was aborted.' };
  }
  const inner = err instanceof ExecutionError && err.cause instanceof Error ? err.cause : err;
  if (inner instanceof Error) return { status: 'FAILED', error: inner.name, cause: inner.message };
  return { status: 'FAILED', error: 'States.Runtime', cause: String(inner) };
}

/** Starts one execution of a prepared machine; `done` never rejects. */
export function startExecution(
  sm: LocalStateMachine,
  ids: { executionArn: string; name: string },
  input: string,
  counters: RunCounters,
): Running {
  counters.executions++;
  const record: ExecutionRecord = {
    ...ids,
    stateMachineArn: sm.def.arn,
    status: 'RUNNING',
    startMs: Date.now(),
    input,
  };
  const context: RunOptions['context'] = {
    Execution: { Id: ids.executionArn, Name: ids.name, RoleArn: sm.roleArn },
    StateMachine: { Id: sm.def.arn, Name: sm.def.name },
  };
  const execution = sm.machine.run(JSON.parse(input) as Json, { overrides: sm.overrides, context });
  const counting = countTransitions(execution.eventLogs, counters);
  const done = execution.result.then((result) => {
    const output = JSON.stringify(result ?? null);
    if (Buffer.byteLength(output) > MAX_PAYLOAD_BYTES) {
      return {
        status: 'FAILED' as const,
        error: 'States.DataLimitExceeded',
        cause: `The state/task returned a result with a size exceeding the maximum number of bytes service limit.`,
      };
    }
    return { status: 'SUCCEEDED' as const, output };
  }, failure);
  return {
    record,
    abort: execution.abort,
    done: done.then(async (outcome) => {
      await counting.catch(() => undefined);
      Object.assign(record, outcome, { stopMs: Date.now() });
      return record;
    }),
  };
}

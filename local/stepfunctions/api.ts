import { randomUUID } from 'node:crypto';
import { SfnApiError } from './errors';
import type { LocalStateMachine } from './machines';
import { startExecution, type ExecutionRecord, type RunCounters, type Running } from './runner';

type Input = Record<string, unknown>;
export type Operation = (input: Input) => Promise<unknown> | unknown;

const STATE_MACHINE_ARN = /^arn:aws[a-z-]*:states:[^:]+:\d{12}:stateMachine:[^:]+(:[^:]+)?$/;
const EXECUTION_ARN =
  /^arn:aws[a-z-]*:states:[^:]+:\d{12}:(execution|express):[^:]+:[^:]+(:[^:]+)?$/;
const NAME = /^[^\s<>{}[\]?*"#%\\^|~`$&,;:/]{1,80}$/;
/** Execution names also exclude control characters. */
const validName = (name: string): boolean =>
  NAME.test(name) &&
  ![...name].some((c) => c.charCodeAt(0) < 0x20 || (c >= '\u007f' && c <= '\u009f'));
/** Finished STANDARD executions kept for DescribeExecution. */
const KEEP_FINISHED = 1000;

const seconds = (ms: number | undefined) => (ms === undefined ? undefined : ms / 1000);

function requireString(input: Input, field: string): string {
  const v = input[field];
  if (typeof v !== 'string' || v === '') {
    throw new SfnApiError(
      'ValidationException',
      `1 validation error detected: ${field} is required`,
    );
  }
  return v;
}

function executionInput(input: Input): string {
  const raw = input.input ?? '{}';
  if (typeof raw !== 'string')
    throw new SfnApiError('InvalidExecutionInput', 'input must be a string');
  try {
    JSON.parse(raw);
  } catch {
    throw new SfnApiError(
      'InvalidExecutionInput',
      `Invalid State Machine Execution Input: '${raw.slice(0, 200)}'`,
    );
  }
  if (Buffer.byteLength(raw) > 262_144) {
    throw new SfnApiError('InvalidExecutionInput', 'The execution input exceeds the 256 KiB limit');
  }
  return raw;
}

function executionName(input: Input): string {
  const name = input.name ?? randomUUID();
  if (typeof name !== 'string' || !validName(name)) {
    throw new SfnApiError('InvalidName', `Invalid Name: '${String(name)}'`);
  }
  return name;
}

function describe(r: ExecutionRecord) {
  return {
    executionArn: r.executionArn,
    stateMachineArn: r.stateMachineArn,
    name: r.name,
    status: r.status,
    startDate: seconds(r.startMs),
    stopDate: seconds(r.stopMs),
    input: r.input,
    inputDetails: { included: true },
    output: r.output,
    outputDetails: r.output === undefined ? undefined : { included: true },
    error: r.error,
    cause: r.cause,
  };
}

/** The Step Functions API operations the local stack answers, over the prepared machines. */
export function createOperations(machines: LocalStateMachine[], counters: RunCounters) {
  const byArn = new Map(machines.map((m) => [m.def.arn, m]));
  const running = new Set<Running>();
  const standard = new Map<string, ExecutionRecord>();

  function machine(input: Input): LocalStateMachine {
    const arn = requireString(input, 'stateMachineArn');
    if (!STATE_MACHINE_ARN.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
    const m = byArn.get(arn) ?? byArn.get(arn.split(':').slice(0, 7).join(':'));
    if (!m)
      throw new SfnApiError('StateMachineDoesNotExist', `State Machine Does Not Exist: '${arn}'`);
    return m;
  }

  function run(m: LocalStateMachine, name: string, input: string): Running {
    const { region, account } = parseArn(m.def.arn);
    const executionArn =
      m.def.type === 'EXPRESS'
        ? `arn:aws:states:${region}:${account}:express:${m.def.name}:${name}:${randomUUID()}`
        : `arn:aws:states:${region}:${account}:execution:${m.def.name}:${name}`;
    const r = startExecution(m, { executionArn, name }, input, counters);
    running.add(r);
    void r.done.then(() => running.delete(r));
    return r;
  }

  function remember(record: ExecutionRecord): void {
    standard.set(record.executionArn, record);
    if (standard.size <= KEEP_FINISHED) return;
    for (const [arn, r] of standard) {
      if (r.status !== 'RUNNING') {
        standard.delete(arn);
        return;
      }
    }
  }

  const operations: Record<string, Operation> = {
    async StartSyncExecution(input) {
      const m = machine(input);
      if (m.def.type !== 'EXPRESS') {
        throw new SfnApiError(
          'StateMachineTypeNotSupported',
          'This operation is not supported by this type of state machine',
        );
      }
      const r = await run(m, executionName(input), executionInput(input)).done;
      const durationMs = (r.stopMs ?? Date.now()) - r.startMs;
      return {
        ...describe(r),
        billingDetails: {
          billedMemoryUsedInMB: 64,
          billedDurationInMilliseconds: Math.max(100, Math.ceil(durationMs / 100) * 100),
        },
      };
    },
    StartExecution(input) {
      const m = machine(input);
      const name = executionName(input);
      const executionInputText = executionInput(input);
      if (m.def.type === 'STANDARD') {
        const arn = `${m.def.arn.replace(':stateMachine:', ':execution:')}:${name}`;
        const existing = standard.get(arn);
        if (existing) {
          if (existing.status === 'RUNNING' && existing.input === executionInputText) {
            return { executionArn: existing.executionArn, startDate: seconds(existing.startMs) };
          }
          throw new SfnApiError('ExecutionAlreadyExists', `Execution Already Exists: '${arn}'`);
        }
      }
      const r = run(m, name, executionInputText);
      if (m.def.type === 'STANDARD') remember(r.record);
      return { executionArn: r.record.executionArn, startDate: seconds(r.record.startMs) };
    },
    DescribeExecution(input) {
      const arn = requireString(input, 'executionArn');
      if (!EXECUTION_ARN.test(arn)) throw new SfnApiError('InvalidArn', `Invalid Arn: '${arn}'`);
      if (arn.includes(':express:')) {
        // Express executions are not recorded by Step Functions; only their logs are.
        throw new SfnApiError(
          'StateMachineTypeNotSupported',
          'This operation is not supported by this type of state machine',
        );
      }
      const r = standard.get(arn);
      if (!r) throw new SfnApiError('ExecutionDoesNotExist', `Execution Does Not Exist: '${arn}'`);
      return describe(r);
    },
    DescribeStateMachine(input) {
      const m = machine(input);
      return {
        stateMachineArn: m.def.arn,
        name: m.def.name,
        status: 'ACTIVE',
        definition: m.definitionJson,
        roleArn: m.roleArn,
        type: m.def.type,
        creationDate: m.creationDate,
        loggingConfiguration: { level: 'OFF', includeExecutionData: false },
        tracingConfiguration: { enabled: false },
      };
    },
    ListStateMachines(input) {
      const max =
        typeof input.maxResults === 'number' && input.maxResults > 0 ? input.maxResults : 100;
      const start = typeof input.nextToken === 'string' ? Number.parseInt(input.nextToken, 10) : 0;
      if (!Number.isInteger(start) || start < 0) {
        throw new SfnApiError('InvalidToken', `Invalid Token: '${String(input.nextToken)}'`);
      }
      const page = machines.slice(start, start + Math.min(max, 1000));
      const next = start + page.length;
      return {
        stateMachines: page.map((m) => ({
          stateMachineArn: m.def.arn,
          name: m.def.name,
          type: m.def.type,
          creationDate: m.creationDate,
        })),
        nextToken: next < machines.length ? String(next) : undefined,
      };
    },
  };

  return {
    operations,
    /** Aborts whatever still runs; used when the stack stops. */
    async abortAll(): Promise<void> {
      const all = [...running];
      all.forEach((r) => r.abort());
      await Promise.all(all.map((r) => r.done));
    },
  };
}

function parseArn(arn: string): { region: string; account: string } {
  const parts = arn.split(':');
  return { region: parts[3] ?? '', account: parts[4] ?? '' };
}

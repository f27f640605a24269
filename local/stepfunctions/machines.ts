import {
  StateMachine,
  type RunOptions,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import { LOCAL_ACCOUNT, type StateMachineDef } from '../types';
import { routeTask, type TaskRouting } from './tasks/route';
import type { TaskHandler } from './tasks/types';

type Obj = Record<string, unknown>;
interface Machine {
  StartAt: string;
  States: Record<string, Obj>;
  TimeoutSeconds?: number;
}

/** Express workflows run for at most 5 minutes. */
export const EXPRESS_TIMEOUT_SECONDS = 300;
/**
 * Step Functions puts no timeout on a Task by default (the function's own timeout applies), but
 * the interpreter defaults to 60 s; this is the longest a Node timer can wait.
 */
const NO_TASK_TIMEOUT_SECONDS = 2_147_483;

export interface LocalStateMachine {
  def: StateMachineDef;
  /** The definition as deployed, for DescribeStateMachine. */
  definitionJson: string;
  roleArn: string;
  creationDate: number;
  machine: StateMachine;
  overrides: NonNullable<RunOptions['overrides']>;
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function asMachine(v: unknown, where: string): Machine {
  if (!isObj(v) || typeof v.StartAt !== 'string' || !isObj(v.States)) {
    throw new Error(`${where} is not a state machine definition (StartAt and States)`);
  }
  return v as unknown as Machine;
}

function children(state: Obj, where: string): Machine[] {
  if (state.Type === 'Map') {
    return [asMachine(state.ItemProcessor ?? state.Iterator, `${where}.ItemProcessor`)];
  }
  if (state.Type === 'Parallel' && Array.isArray(state.Branches)) {
    return state.Branches.map((b, i) => asMachine(b, `${where}.Branches[${i}]`));
  }
  return [];
}

/** Points every transition inside one (sub-)machine from `from` to `to`. */
function renameState(m: Machine, from: string, to: string): void {
  const fix = (o: Obj) => {
    if (o.Next === from) o.Next = to;
  };
  m.States = Object.fromEntries(Object.entries(m.States).map(([k, v]) => [k === from ? to : k, v]));
  if (m.StartAt === from) m.StartAt = to;
  for (const s of Object.values(m.States)) {
    fix(s);
    if (s.Default === from) s.Default = to;
    for (const list of [s.Choices, s.Catch]) {
      if (Array.isArray(list)) list.filter(isObj).forEach(fix);
    }
  }
}

function rejectUnsupported(node: Obj, where: string): void {
  if (node.QueryLanguage === 'JSONata') {
    throw new Error(`${where}: JSONata is not supported locally; write the ASL in JSONPath`);
  }
  for (const field of ['Assign', 'Arguments', 'Output', 'ItemReader', 'ResultWriter']) {
    if (field in node) throw new Error(`${where}: "${field}" is not supported locally`);
  }
}

/**
 * A task still pending when the endpoint stops fails then, so the interpreter clears its timers and
 * the process can exit. (One Set rather than a race against a shared promise, which would keep a
 * reaction per call alive until the end.)
 */
function untilStopped(handler: TaskHandler, pending: Set<(reason: Error) => void>): TaskHandler {
  return (input) =>
    new Promise((resolve, reject) => {
      pending.add(reject);
      handler(input)
        .then(resolve, reject)
        .finally(() => pending.delete(reject));
    });
}

/**
 * aws-local-stepfunctions overrides Task states by name across the whole execution, nested Maps
 * and Parallel branches included, so each Task name must map to one Resource: a clashing name in
 * a sub-machine is renamed there (its transitions follow).
 */
function collectTasks(
  m: Machine,
  where: string,
  routing: TaskRouting,
  handlers: Record<string, TaskHandler>,
  resources: Map<string, string>,
): void {
  rejectUnsupported(m as unknown as Obj, where);
  for (const [name, state] of Object.entries(m.States)) {
    const at = `${where} state "${name}"`;
    if (!isObj(state)) throw new Error(`${at} is not an object`);
    rejectUnsupported(state, at);
    if (state.Type === 'Task') {
      const resource = state.Resource;
      if (typeof resource !== 'string') throw new Error(`${at} has no Resource`);
      let key = name;
      for (let n = 2; resources.has(key) && resources.get(key) !== resource; n++) {
        key = `${name} #${n}`;
      }
      if (key !== name) renameState(m, name, key);
      if (!resources.has(key)) {
        try {
          handlers[key] = untilStopped(routeTask(resource, routing), routing.pending);
        } catch (err) {
          throw new Error(`${at}: ${(err as Error).message}`, { cause: err });
        }
        resources.set(key, resource);
      }
      if (state.TimeoutSeconds === undefined && state.TimeoutSecondsPath === undefined) {
        state.TimeoutSeconds = NO_TASK_TIMEOUT_SECONDS;
      }
    }
    children(state, at).forEach((child) =>
      collectTasks(child, `${at} >`, routing, handlers, resources),
    );
  }
}

/** Validates a template state machine and binds each Task to its local handler, once. */
export function prepareMachine(def: StateMachineDef, routing: TaskRouting): LocalStateMachine {
  const where = `State machine ${def.logicalId}`;
  // A JSON copy: the interpreter only expands payload templates in objects with this realm's
  // Object.prototype, which a parsed template (or Jest's sandbox) does not guarantee.
  const runnable = asMachine(JSON.parse(JSON.stringify(def.definition)), where);
  const handlers: Record<string, TaskHandler> = {};
  collectTasks(runnable, where, routing, handlers, new Map());
  if (def.type === 'EXPRESS') {
    runnable.TimeoutSeconds = Math.min(
      runnable.TimeoutSeconds ?? EXPRESS_TIMEOUT_SECONDS,
      EXPRESS_TIMEOUT_SECONDS,
    );
  }
  let machine: StateMachine;
  try {
    machine = new StateMachine(runnable as unknown as StateMachineDefinition, {
      validationOptions: { checkPaths: true, checkArn: true },
    });
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`, { cause: err });
  }
  return {
    def,
    definitionJson: JSON.stringify(def.definition),
    roleArn: `arn:aws:iam::${LOCAL_ACCOUNT}:role/${def.name}-role`,
    creationDate: Date.now() / 1000,
    machine,
    overrides: {
      taskResourceLocalHandlers: handlers as NonNullable<
        RunOptions['overrides']
      >['taskResourceLocalHandlers'],
    },
  };
}

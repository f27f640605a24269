import { randomUUID } from 'node:crypto';
import type { FunctionDef, ScheduleEventDef } from '../template/types';
import { LOCAL_ACCOUNT, LOCAL_REGION, type InvokeFunction } from '../types';

/**
 * Schedule and ScheduleV2 events: `rate(5 minutes)`, `cron(0/15 * * * ? *)` (AWS's six fields:
 * minutes hours day-of-month month day-of-week year, day-of-week 1-7 = SUN-SAT) and `at(...)`.
 * Times are UTC. L, W and # are not supported locally.
 */

export class ScheduleExpressionError extends Error {
  override name = 'ScheduleExpressionError';
}

type Field = Set<number> | undefined; // undefined: any value

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

function parseField(
  text: string,
  min: number,
  max: number,
  names: string[] = [],
  nameBase = 1,
): Field {
  if (text === '*' || text === '?') return undefined;
  if (/[LW#]/.test(text.replace(/[A-Z]{3}/g, ''))) {
    throw new ScheduleExpressionError(`cron field "${text}": L, W and # are not supported locally`);
  }
  const value = (s: string): number => {
    const i = names.indexOf(s.toUpperCase());
    const n = i >= 0 ? i + nameBase : Number(s);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new ScheduleExpressionError(`cron value "${s}" out of range ${min}-${max}`);
    return n;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1)
      throw new ScheduleExpressionError(`bad cron step in "${part}"`);
    let from: number;
    let to: number;
    if (range === '*') [from, to] = [min, max];
    else if (range.includes('-')) [from, to] = range.split('-').map(value) as [number, number];
    else [from, to] = [value(range), stepText === undefined ? value(range) : max];
    for (let v = from; v <= to; v += step) out.add(v);
  }
  return out;
}

export interface Schedule {
  /** The first fire time strictly after `after`, or undefined when there is none. */
  next(after: Date): Date | undefined;
}

function rate(text: string): Schedule {
  const m = /^(\d+)\s+(minute|minutes|hour|hours|day|days)$/.exec(text.trim());
  if (!m || Number(m[1]) < 1)
    throw new ScheduleExpressionError(`bad rate expression: rate(${text})`);
  const unit = { minute: 60_000, hour: 3_600_000, day: 86_400_000 }[
    m[2]!.replace(/s$/, '') as 'minute'
  ];
  const period = Number(m[1]) * unit;
  return { next: (after) => new Date(after.getTime() + period) };
}

function cron(text: string): Schedule {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 6) throw new ScheduleExpressionError(`cron needs 6 fields: cron(${text})`);
  const [mi, h, dom, mon, dow, yr] = parts as [string, string, string, string, string, string];
  if (dom !== '?' && dow !== '?') {
    throw new ScheduleExpressionError(
      `cron(${text}): one of day-of-month and day-of-week must be ?`,
    );
  }
  const minutes = parseField(mi, 0, 59);
  const hours = parseField(h, 0, 23);
  const days = parseField(dom, 1, 31);
  const months = parseField(mon, 1, 12, MONTHS);
  const weekdays = parseField(dow, 1, 7, DAYS);
  const years = parseField(yr, 1970, 2199);
  const ok = (f: Field, v: number): boolean => f === undefined || f.has(v);
  return {
    next(after) {
      const t = new Date(after.getTime());
      t.setUTCSeconds(0, 0);
      t.setUTCMinutes(t.getUTCMinutes() + 1);
      const limit = after.getTime() + 5 * 366 * 86_400_000;
      while (t.getTime() <= limit) {
        if (!ok(years, t.getUTCFullYear()) || !ok(months, t.getUTCMonth() + 1)) {
          t.setUTCMonth(t.getUTCMonth() + 1, 1);
          t.setUTCHours(0, 0);
        } else if (!ok(days, t.getUTCDate()) || !ok(weekdays, t.getUTCDay() + 1)) {
          t.setUTCDate(t.getUTCDate() + 1);
          t.setUTCHours(0, 0);
        } else if (!ok(hours, t.getUTCHours())) {
          t.setUTCHours(t.getUTCHours() + 1, 0);
        } else if (!ok(minutes, t.getUTCMinutes())) {
          t.setUTCMinutes(t.getUTCMinutes() + 1);
        } else {
          return t;
        }
      }
      return undefined;
    },
  };
}

function at(text: string): Schedule {
  const when = new Date(`${text.trim()}Z`);
  if (Number.isNaN(when.getTime()))
    throw new ScheduleExpressionError(`bad at expression: at(${text})`);
  return { next: (after) => (when > after ? when : undefined) };
}

export function parseSchedule(expression: string): Schedule {
  const m = /^(rate|cron|at)\((.*)\)$/s.exec(expression.trim());
  if (!m) throw new ScheduleExpressionError(`unknown schedule expression: ${expression}`);
  return m[1] === 'rate' ? rate(m[2]!) : m[1] === 'cron' ? cron(m[2]!) : at(m[2]!);
}

/** The event a scheduled rule delivers (Schedule), or the configured Input. */
export function scheduledEvent(fn: FunctionDef, ev: ScheduleEventDef, time: Date): unknown {
  if (ev.input !== undefined) return JSON.parse(ev.input) as unknown;
  if (ev.kind === 'ScheduleV2') return {};
  return {
    version: '0',
    id: randomUUID(),
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: LOCAL_ACCOUNT,
    time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    region: LOCAL_REGION,
    resources: [`arn:aws:events:${LOCAL_REGION}:${LOCAL_ACCOUNT}:rule/${fn.logicalId}${ev.name}`],
    detail: {},
  };
}

const MAX_TIMER_MS = 86_400_000;

/** Invokes functions on their enabled schedules until stopped. */
export function startSchedules(
  functions: FunctionDef[],
  invoke: InvokeFunction,
  log: (line: string) => void,
): { stop(): void; count: number } {
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let count = 0;
  for (const fn of functions) {
    for (const ev of fn.schedules) {
      if (!ev.enabled) continue;
      const schedule = parseSchedule(ev.expression);
      count += 1;
      const arm = (from: Date): void => {
        const next = schedule.next(from);
        if (!next || stopped) return;
        const delay = Math.min(MAX_TIMER_MS, next.getTime() - Date.now());
        const timer = setTimeout(
          () => {
            timers.delete(timer);
            if (next.getTime() > Date.now()) return arm(from);
            invoke(fn.logicalId, scheduledEvent(fn, ev, next)).catch((err: unknown) =>
              log(`[${fn.logicalId}.${ev.name}] scheduled invocation failed: ${String(err)}`),
            );
            arm(next);
          },
          Math.max(0, delay),
        );
        timer.unref();
        timers.add(timer);
      };
      arm(new Date());
    }
  }
  return {
    count,
    stop() {
      stopped = true;
      timers.forEach((t) => clearTimeout(t));
    },
  };
}

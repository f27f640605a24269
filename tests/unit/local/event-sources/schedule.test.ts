import {
  parseSchedule,
  ScheduleExpressionError,
  scheduledEvent,
} from '../../../../local/event-sources/schedule';
import type { FunctionDef } from '../../../../local/template/types';

const at = (iso: string): Date => new Date(iso);
const next = (expr: string, after: string): string | undefined =>
  parseSchedule(expr).next(at(after))?.toISOString();

describe('schedule expressions', () => {
  it('fires rate() schedules every period', () => {
    expect(next('rate(5 minutes)', '2026-01-01T00:00:00Z')).toBe('2026-01-01T00:05:00.000Z');
    expect(next('rate(1 hour)', '2026-01-01T00:00:00Z')).toBe('2026-01-01T01:00:00.000Z');
    expect(next('rate(2 days)', '2026-01-01T00:00:00Z')).toBe('2026-01-03T00:00:00.000Z');
  });

  it('fires cron() schedules at the next matching minute, in UTC', () => {
    expect(next('cron(0/15 * * * ? *)', '2026-01-01T10:07:30Z')).toBe('2026-01-01T10:15:00.000Z');
    expect(next('cron(0 3 * * ? *)', '2026-01-01T03:00:00Z')).toBe('2026-01-02T03:00:00.000Z');
    expect(next('cron(30 9 ? * MON-FRI *)', '2026-01-02T10:00:00Z')).toBe(
      '2026-01-05T09:30:00.000Z',
    );
    // Day-of-week 1 is Sunday in AWS cron.
    expect(next('cron(0 12 ? * 1 *)', '2026-01-01T00:00:00Z')).toBe('2026-01-04T12:00:00.000Z');
    expect(next('cron(0 0 1 JAN,JUL ? *)', '2026-02-01T00:00:00Z')).toBe(
      '2026-07-01T00:00:00.000Z',
    );
    expect(next('cron(0 0 1 1 ? 2025)', '2026-01-01T00:00:00Z')).toBeUndefined();
  });

  it('fires at() once', () => {
    expect(next('at(2026-03-01T10:00:00)', '2026-01-01T00:00:00Z')).toBe(
      '2026-03-01T10:00:00.000Z',
    );
    expect(next('at(2026-03-01T10:00:00)', '2026-04-01T00:00:00Z')).toBeUndefined();
  });

  it('rejects what it cannot run', () => {
    expect(() => parseSchedule('every 5 minutes')).toThrow(ScheduleExpressionError);
    expect(() => parseSchedule('cron(0 0 * * * *)')).toThrow(/must be \?/);
    expect(() => parseSchedule('cron(0 0 L * ? *)')).toThrow(/not supported/);
    expect(() => parseSchedule('rate(0 minutes)')).toThrow(ScheduleExpressionError);
  });

  it('delivers the scheduled event shape, or the configured Input', () => {
    const fn = { logicalId: 'TickFunction' } as FunctionDef;
    const ev = scheduledEvent(
      fn,
      { kind: 'Schedule', name: 'Tick', expression: 'rate(1 minute)', enabled: true },
      at('2026-01-01T00:05:00.000Z'),
    );
    expect(ev).toMatchObject({
      version: '0',
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: '000000000000',
      time: '2026-01-01T00:05:00Z',
      region: 'us-east-1',
      resources: ['arn:aws:events:us-east-1:000000000000:rule/TickFunctionTick'],
      detail: {},
    });
    expect(
      scheduledEvent(
        fn,
        {
          kind: 'ScheduleV2',
          name: 'T',
          expression: 'rate(1 minute)',
          enabled: true,
          input: '{"a":1}',
        },
        new Date(),
      ),
    ).toEqual({ a: 1 });
  });
});

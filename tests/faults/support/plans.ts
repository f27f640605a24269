/**
 * Fault plans a scenario switches on for the functions of a running stack: crashes and timeouts
 * at a seeded write, one-off faults of the runtime, and throttling windows for Comprehend.
 */
import type { Fault, FaultInjector } from '../../../local/runtime';
import type { Rng } from '../../../sources/demo/rng';
import type { DynamoFaultProxy, RequestMatcher } from './dynamodb-faults';

export interface PlannedFaults {
  injector: FaultInjector;
  /** How many of the planned faults happened. */
  fired(): number;
  planned: number;
}

/**
 * Ends the function's invocations one after another, each once the k-th write `match` accepts
 * (counted from the invocation's start) has been answered, for k in `ks`; as a crash (the
 * sandbox dies) or a timeout. An invocation that makes fewer writes is left alone and the same
 * k waits for the next one. `match` must be this plan's own function (disarming goes by identity).
 */
export function interruptAfterWrites(
  proxy: DynamoFaultProxy,
  match: RequestMatcher,
  ks: readonly number[],
  as: 'crash' | 'timeout',
): PlannedFaults {
  const pending = [...ks];
  let fired = 0;
  let generation = 0;
  return {
    planned: ks.length,
    fired: () => fired,
    injector: () => {
      // A trigger left over from an earlier invocation (fewer writes than k) is void now.
      proxy.disarm(match);
      const k = pending[0];
      if (k === undefined) return undefined;
      const mine = ++generation;
      const when = proxy.afterWrites(match, k).then(() => {
        if (mine !== generation) return;
        pending.shift();
        fired += 1;
      });
      return { interruptWhen: when, as };
    },
  };
}

/**
 * Like interruptAfterWrites, with the k spread over a whole run of the function: it lets one
 * invocation run clean and counts its writes W (`match`), then ends the next invocations after
 * a seeded k in the first half of W, a seeded k in the second half, and k = W - 1 (all but the
 * last write done), whatever order the function writes in. An armed invocation that ends before
 * its k counts as clean (its W is taken). The function must run one invocation at a time
 * (maxWorkersPerFunction 1).
 */
export function interruptAcrossRun(
  proxy: DynamoFaultProxy,
  match: RequestMatcher,
  rng: Rng,
  as: 'crash' | 'timeout',
): PlannedFaults & { cleanWrites(): number | undefined } {
  const times = 3;
  const written = proxy.counter(match);
  let startedAt: number | undefined;
  let firedBefore = 0;
  let clean: number | undefined;
  let fired = 0;
  let generation = 0;
  const pickK = (w: number): number => {
    const half = Math.max(1, Math.floor(w / 2));
    const last = Math.max(1, w - 1);
    return fired === 0
      ? rng.int(1, half)
      : fired === 1
        ? rng.int(half, Math.max(half, last))
        : last;
  };
  return {
    planned: times,
    fired: () => fired,
    cleanWrites: () => clean,
    injector: () => {
      proxy.disarm(match);
      // The previous invocation ran to its end: its writes are a clean run's.
      if (startedAt !== undefined && fired === firedBefore) clean = written() - startedAt;
      startedAt = written();
      firedBefore = fired;
      if (clean === undefined || fired >= times) return undefined;
      const mine = ++generation;
      const when = proxy.afterWrites(match, pickK(clean)).then(() => {
        if (mine === generation) fired += 1;
      });
      return { interruptWhen: when, as };
    },
  };
}

/** `fault` on the function's first `times` invocations. */
export function firstInvocations(fault: Fault, times: number): PlannedFaults {
  let n = 0;
  return {
    planned: times,
    fired: () => Math.min(n, times),
    injector: () => (++n <= times ? fault : undefined),
  };
}

/**
 * Comprehend throttling for `forMs` from the first call after it is armed: every call in the
 * window fails with `ThrottlingException`, as Comprehend answers a caller over its quota.
 */
export function comprehendThrottling(forMs: number): {
  fault: (operation: string) => Error | undefined;
  throttled(): number;
} {
  let startedAt: number | undefined;
  let throttled = 0;
  return {
    throttled: () => throttled,
    fault: () => {
      startedAt ??= Date.now();
      if (Date.now() - startedAt >= forMs) return undefined;
      throttled += 1;
      const err = new Error('Rate exceeded');
      err.name = 'ThrottlingException';
      return err;
    },
  };
}

import {
  StateMachine,
  type RunOptions,
  type StateMachineDefinition,
} from 'aws-local-stepfunctions';
import aslValidator from 'asl-validator';
import { handler as prepare } from '../../../functions/enrich/prepare';
import { handler as plan } from '../../../functions/enrich/plan';
import { handler as persist } from '../../../functions/enrich/persist';
import { RETRY } from '../../../functions/shared/retry';
import { handler as detectLanguage } from '../../../functions/nlp/detect-language';
import { handler as detectSentiment } from '../../../functions/nlp/detect-sentiment';
import { ComprehendError } from '../../../functions/nlp/comprehend-builtin';
import type { PostResult, WorkflowInput } from '../../../functions/domain/workflow';
import prepareInput from '../../../events/enrich/prepare-input.json';
import { FakeDynamo } from '../enrich/support/fake-dynamo';
import { loadDefinition, rawDefinition, SUBSTITUTIONS } from './definition';

const POSTS = 'PostsTable';
const STATS = 'StatsTable';
const sample = prepareInput as unknown as WorkflowInput;

type Handler = (input: unknown) => Promise<unknown>;
type LocalHandler = NonNullable<
  NonNullable<RunOptions['overrides']>['taskResourceLocalHandlers']
>[string];
type Overrides = Partial<Record<'DetectLanguage' | 'DetectSentiment' | 'Persist', Handler>>;

const builtinLanguage: Handler = (input) =>
  detectLanguage(input as Parameters<typeof detectLanguage>[0]);
const builtinSentiment: Handler = (input) =>
  detectSentiment(input as Parameters<typeof detectSentiment>[0]);

let db: FakeDynamo;
const calls: Record<string, unknown[]> = {};

/** Every Task state routed to its in-process handler, as the local stack routes them. */
function run(
  input: unknown,
  overrides: Overrides = {},
  mode: keyof typeof SUBSTITUTIONS = 'builtin',
) {
  const record =
    (name: string, fn: Handler): LocalHandler =>
    (payload) => {
      (calls[name] ??= []).push(payload);
      return fn(payload) as ReturnType<LocalHandler>;
    };
  const machine = new StateMachine(
    loadDefinition(SUBSTITUTIONS[mode]) as unknown as StateMachineDefinition,
    {
      validationOptions: { checkArn: false },
    },
  );
  return machine.run(input as Parameters<StateMachine['run']>[0], {
    overrides: {
      taskResourceLocalHandlers: {
        Prepare: record('Prepare', prepare),
        DetectLanguage: record('DetectLanguage', overrides.DetectLanguage ?? builtinLanguage),
        Plan: record('Plan', plan),
        DetectSentiment: record('DetectSentiment', overrides.DetectSentiment ?? builtinSentiment),
        Persist: record('Persist', overrides.Persist ?? persist),
      },
      // Retry pauses are the interpreter's real sleeps; the backoff itself is not under test.
      retryIntervalOverrides: {
        DetectLanguage: 0,
        DetectSentiment: 0,
        Persist: 0,
        Prepare: 0,
        Plan: 0,
      },
    },
  }).result as Promise<{ results?: PostResult[]; status?: string; error?: string }>;
}

function englishPosts(count: number): WorkflowInput {
  return {
    posts: Array.from({ length: count }, (_, i) => ({
      id: `demo:${i}`,
      source: 'demo' as const,
      text: i === 27 ? 'This release is terrible and broken' : `Great day number ${i}, love it`,
      createdAt: '2026-11-22T14:07:00.000Z',
      lang: 'en',
      author: { id: `a${i}` },
      hashtags: [{ key: 'demo', display: 'Demo' }],
      cashtags: [],
    })),
  };
}

const totals = () => db.get(STATS, { pk: 'STATS', sk: 'TOTAL' });
const stored = (id: string) => db.get(POSTS, { id });

beforeAll(() => {
  process.env.POSTS_TABLE = POSTS;
  process.env.STATS_TABLE = STATS;
  process.env.SENTIMENT_ENGINE = 'builtin';
  RETRY.baseMs = 1;
});

beforeEach(() => {
  db = new FakeDynamo();
  for (const key of Object.keys(calls)) delete calls[key];
});

afterEach(() => db.reset());

describe('enrich.asl.json', () => {
  it.each(Object.entries(SUBSTITUTIONS))('validates with asl-validator (%s)', (_mode, subs) => {
    const { isValid, errorsText } = aslValidator(loadDefinition(subs));
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('is checked for real: a broken transition fails validation', () => {
    const broken = loadDefinition(SUBSTITUTIONS.builtin) as { States: Record<string, object> };
    broken.States.Plan = { ...broken.States.Plan, Next: 'NoSuchState' };
    expect(aslValidator(broken).isValid).toBe(false);
  });

  it('uses JSONPath only and gives every Task a Retry and a Catch', () => {
    expect(rawDefinition()).not.toMatch(/"(QueryLanguage|Assign|Arguments|Output)"|\{%/);
    const tasks: [string, Record<string, unknown>][] = [];
    const walk = (states: Record<string, Record<string, unknown>>) => {
      for (const [name, state] of Object.entries(states)) {
        if (state.Type === 'Task') tasks.push([name, state]);
        const inner = state.ItemProcessor as { States?: Record<string, Record<string, unknown>> };
        if (inner?.States) walk(inner.States);
      }
    };
    walk(loadDefinition(SUBSTITUTIONS.builtin).States as Record<string, Record<string, unknown>>);
    expect(tasks.map(([n]) => n).sort()).toEqual(
      ['DetectLanguage', 'DetectSentiment', 'Persist', 'Plan', 'Prepare'].sort(),
    );
    for (const [, state] of tasks) {
      expect(state.Retry).toEqual(expect.arrayContaining([expect.anything()]));
      expect(state.Catch).toEqual(expect.arrayContaining([expect.anything()]));
    }
  });

  it.each(['builtin', 'comprehend'] as const)(
    'enriches and counts the sample batch end to end (%s resources)',
    async (mode) => {
      const out = await run(sample, {}, mode);

      expect(out.results).toHaveLength(5);
      expect(out.results?.every((r) => r.ok && r.status === 'COUNTED')).toBe(true);
      // The Japanese post has no builtin model; the Spanish one goes to the Spanish model.
      expect(totals()).toMatchObject({ posts: 5, unsupported: 1, failed: 0 });
      // Nothing was stored before: Persist put each post's whole item, text included.
      expect(stored('x:1861500000000000005')).toMatchObject({
        enrichStatus: 'OK',
        lang: 'en',
        text: sample.posts.find((p) => p.id === 'x:1861500000000000005')?.text,
        countedAt: expect.any(String),
      });
      expect(stored('x:1861500000000000002')).toMatchObject({
        enrichStatus: 'OK',
        lang: 'es',
        place: { lat: 40.477682, lon: -3.703435, exact: false },
      });
      expect(stored('x:1861500000000000004')).toMatchObject({
        enrichStatus: 'UNSUPPORTED_LANGUAGE',
        lang: 'ja',
      });
      // Only the three posts without a language were sent for detection.
      expect(calls.DetectLanguage).toEqual([{ TextList: expect.any(Array) }]);
      expect((calls.DetectLanguage?.[0] as { TextList: string[] }).TextList).toHaveLength(3);
      expect(calls.DetectSentiment).toEqual([
        { TextList: expect.any(Array), LanguageCode: 'en' },
        { TextList: ['Me encanta #AWS, todo funciona muy bien hoy'], LanguageCode: 'es' },
      ]);
    },
  );

  it('retries a throttled sentiment call', async () => {
    let attempts = 0;
    const throttledOnce: Handler = async (input) => {
      attempts += 1;
      if (attempts === 1) throw new ComprehendError('ThrottlingException', 'Rate exceeded');
      return builtinSentiment(input);
    };

    const out = await run(sample, { DetectSentiment: throttledOnce });

    // Two batches (English and Spanish), one of them retried once.
    expect(attempts).toBe(3);
    expect(out.results?.every((r) => r.ok)).toBe(true);
    expect(stored('x:1861500000000000001')).toMatchObject({ enrichStatus: 'OK' });
    expect(totals()).toMatchObject({ posts: 5, failed: 0 });
  });

  it('stores and counts the posts of a sentiment batch that keeps failing, as FAILED', async () => {
    const input = englishPosts(30);
    const secondBatchFails: Handler = async (payload) => {
      const { TextList } = payload as { TextList: string[] };
      if (TextList.some((t) => t.includes('terrible'))) {
        throw new ComprehendError('InternalServerException', 'Internal error');
      }
      return builtinSentiment(payload);
    };

    const out = await run(input, { DetectSentiment: secondBatchFails });

    // Two batches (25 + 5); the failing one was retried, then caught.
    expect(calls.DetectSentiment!.length).toBeGreaterThan(2);
    expect(out.results).toHaveLength(30);
    expect(out.results?.every((r) => r.ok)).toBe(true);
    expect(stored('demo:27')).toMatchObject({ enrichStatus: 'FAILED' });
    expect(stored('demo:27')?.sentiment).toBeUndefined();
    expect(stored('demo:27')?.countedAt).toEqual(expect.any(String));
    expect(stored('demo:3')).toMatchObject({ enrichStatus: 'OK', sentiment: expect.any(String) });
    expect(totals()).toMatchObject({ posts: 30, failed: 5 });
    expect(db.get(STATS, { pk: 'TAG#demo', sk: 'ALL' })).toMatchObject({ mentions: 30 });
  });

  it('leaves posts of a failed language batch without language or sentiment', async () => {
    const failing: Handler = async () => {
      throw new ComprehendError('InternalServerException', 'Internal error');
    };

    const out = await run(sample, { DetectLanguage: failing });

    expect(out.results?.every((r) => r.ok)).toBe(true);
    const post = stored('x:1861500000000000001');
    expect(post).toMatchObject({ enrichStatus: 'FAILED' });
    expect(post?.lang).toBeUndefined();
    // Only the posts whose language came with them are scored: the Spanish one.
    expect(calls.DetectSentiment).toEqual([
      { TextList: ['Me encanta #AWS, todo funciona muy bien hoy'], LanguageCode: 'es' },
    ]);
    expect(totals()).toMatchObject({ posts: 5, failed: 3, unsupported: 1 });
  });

  it('reports a Persist failure in its output so the records are retried', async () => {
    db.throwNext('AccessDeniedException');

    const out = await run(sample);

    expect(out).toEqual({ status: 'FAILED', error: 'AccessDeniedException' });
    expect(calls.Persist).toHaveLength(1);
    expect(totals()).toBeUndefined();
    expect(db.items(POSTS)).toEqual([]);
  });

  it('reports a post DynamoDB refuses as refused in its results, and counts the others', async () => {
    const input = englishPosts(30);
    db.refuseWhen((i) => i.Put?.Item?.id === 'demo:12', 'Type mismatch for attribute to update');

    const out = await run(input);

    expect(out.results).toHaveLength(30);
    expect(out.results?.filter((r) => !r.ok)).toEqual([
      {
        id: 'demo:12',
        ok: false,
        status: 'FAILED',
        enrichStatus: 'OK',
        refused: 'DynamoDB refused the post: Type mismatch for attribute to update',
      },
    ]);
    // Persist ran once: a refusal is settled inside it, not retried by the state machine.
    expect(calls.Persist).toHaveLength(1);
    expect(stored('demo:12')).toBeUndefined();
    expect(totals()).toMatchObject({ posts: 29 });
    expect(db.get(STATS, { pk: 'TAG#demo', sk: 'ALL' })).toMatchObject({ mentions: 29 });
  });
});

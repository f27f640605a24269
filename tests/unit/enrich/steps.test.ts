import { mergeSentiments, plan, prepare } from '../../../functions/domain/enrich-steps';
import { handler as prepareHandler } from '../../../functions/enrich/prepare';
import { handler as planHandler, supportedLanguages } from '../../../functions/enrich/plan';
import type {
  PersistInput,
  PlanInput,
  PostMeta,
  WorkPost,
  WorkflowInput,
} from '../../../functions/domain/workflow';
import { COMPREHEND_SENTIMENT_LANGUAGES } from '../../../functions/domain/language';
import prepareInput from '../../../events/enrich/prepare-input.json';
import planInput from '../../../events/enrich/plan-input.json';

const post = (id: string, extra: Partial<WorkPost> = {}): WorkPost => ({
  id,
  source: 'demo',
  text: `text of ${id}`,
  createdAt: '2026-11-22T14:07:00.000Z',
  author: { id: 'a' },
  hashtags: [],
  cashtags: [],
  ...extra,
});

const langResult = (Index: number, LanguageCode: string, Score = 0.99) => ({
  Index,
  Languages: [{ LanguageCode, Score }],
});

describe('Prepare', () => {
  it('batches only posts without a language, 25 texts at most, and keeps texts out of posts', () => {
    const posts = [
      ...Array.from({ length: 30 }, (_, i) => post(`p${i}`)),
      post('known', { lang: 'de' }),
    ];

    const out = prepare(posts);

    expect(out.languageBatches.map((b) => b.ids.length)).toEqual([25, 5]);
    expect(out.languageBatches[0]?.texts[0]).toBe('text of p0');
    expect(out.otherDocs).toEqual({ ids: ['known'], texts: ['text of known'] });
    expect(out.posts.every((p) => !('text' in p))).toBe(true);
  });

  it("trims long texts to Comprehend's 5,000 bytes and keeps the rest for Persist", () => {
    const text = 'é'.repeat(3000); // 6,000 bytes
    const out = prepare([post('long', { text })]);

    const sent = out.languageBatches[0]!.texts[0]!;
    expect(Buffer.byteLength(sent)).toBe(5000);
    expect(sent + out.posts[0]!.textTail).toBe(text);
  });

  it('resolves a bounding-box-only place to its centroid', () => {
    const out = prepare([
      post('p', {
        place: { id: 'berlin', name: 'Berlin', bbox: [13, 52, 14, 53], countryCode: 'DE' },
      }),
    ]);
    expect(out.posts[0]?.place).toMatchObject({ lat: 52.5, lon: 13.5, exact: false });
  });

  it('runs the sample event through the handler', async () => {
    const out = await prepareHandler(prepareInput);
    expect(out.posts).toHaveLength((prepareInput as WorkflowInput).posts.length);
    expect(out.languageBatches).toHaveLength(1);
  });

  it('rejects an empty batch, unless the execution only folds', async () => {
    await expect(prepareHandler({ posts: [] })).rejects.toThrow(/posts must not be empty/);
    await expect(prepareHandler({ posts: [], fold: true })).resolves.toMatchObject({
      posts: [],
      fold: true,
    });
  });
});

describe('Plan', () => {
  const prepared = (posts: WorkPost[]) => prepare(posts);

  it('merges confident detections and groups supported languages into batches of 25', () => {
    const state = prepared([
      ...Array.from({ length: 27 }, (_, i) => post(`en${i}`)),
      post('es', { lang: 'es' }),
      post('pt-br', { lang: 'pt-BR' }),
    ]);
    const input: PlanInput = {
      ...state,
      languageResults: [
        {
          ResultList: state.languageBatches[0]!.ids.map((_, i) => langResult(i, 'en')),
          ErrorList: [],
        },
        {
          ResultList: state.languageBatches[1]!.ids.map((_, i) => langResult(i, 'en')),
          ErrorList: [],
        },
      ],
    };

    const out = plan(input, COMPREHEND_SENTIMENT_LANGUAGES);

    expect(out.sentimentBatches.map((b) => [b.LanguageCode, b.ids.length])).toEqual([
      ['en', 25],
      ['en', 2],
      ['es', 1],
      ['pt', 1],
    ]);
    expect(out.sentimentBatches[2]?.texts).toEqual(['text of es']);
    expect(out.posts.find((p) => p.id === 'en3')).toMatchObject({ lang: 'en' });
    expect(out.otherDocs.ids).toEqual([]);
  });

  it('marks unsupported, undetermined and failed detections', () => {
    const state = prepared([
      post('fr'),
      post('unsure'),
      post('broken'),
      post('lost'),
      post('ja', { lang: 'ja' }),
    ]);
    const input: PlanInput = {
      ...state,
      languageResults: [
        {
          ResultList: [langResult(0, 'fr'), langResult(1, 'de', 0.2)],
          ErrorList: [{ Index: 2, ErrorCode: 'INTERNAL_SERVER_ERROR' }],
        },
      ],
    };

    const out = plan(input, ['en', 'ja']);

    const status = Object.fromEntries(out.posts.map((p) => [p.id, [p.lang, p.enrichStatus]]));
    expect(status).toEqual({
      fr: ['fr', 'UNSUPPORTED_LANGUAGE'],
      unsure: [undefined, 'UNSUPPORTED_LANGUAGE'],
      broken: [undefined, 'FAILED'],
      lost: [undefined, 'FAILED'],
      ja: ['ja', undefined],
    });
    expect(out.sentimentBatches).toEqual([
      { LanguageCode: 'ja', ids: ['ja'], texts: ['text of ja'] },
    ]);
    expect(out.otherDocs.ids).toEqual(['fr', 'unsure', 'broken', 'lost']);
  });

  it('treats a caught language batch as failed for all its posts', () => {
    const state = prepared([post('a'), post('b')]);
    const out = plan({ ...state, languageResults: [{ Error: 'States.Timeout' }] }, ['en']);
    expect(out.posts.map((p) => p.enrichStatus)).toEqual(['FAILED', 'FAILED']);
  });

  it('picks the engine languages from SENTIMENT_ENGINE', () => {
    expect(supportedLanguages('comprehend')).toContain('zh-TW');
    expect(supportedLanguages('builtin')).toContain('en');
    expect(supportedLanguages('builtin')).toContain('de');
    expect(supportedLanguages('onnx', 'en,de')).toEqual(['en', 'de']);
    expect(supportedLanguages('onnx', undefined)).toEqual(['en']);
    expect(() => supportedLanguages('other')).toThrow(/SENTIMENT_ENGINE/);
  });

  it('runs the sample event through the handler with the builtin engine', async () => {
    process.env.SENTIMENT_ENGINE = 'builtin';
    const out = await planHandler(planInput);
    // Spanish has a builtin model too; the Japanese post stays unscored.
    expect(out.sentimentBatches).toEqual([
      expect.objectContaining({ LanguageCode: 'en', ids: expect.any(Array) }),
      expect.objectContaining({ LanguageCode: 'es', ids: ['x:1861500000000000002'] }),
    ]);
    expect(out.posts.filter((p) => p.enrichStatus === 'UNSUPPORTED_LANGUAGE')).toHaveLength(1);
  });
});

describe('mergeSentiments', () => {
  const meta = (id: string, extra: Partial<PostMeta> = {}): PostMeta => {
    const { text: _text, ...rest } = post(id, { lang: 'en' });
    return { ...rest, ...extra };
  };
  const base = (): PersistInput => ({
    posts: [
      meta('a', { textTail: ' and more' }),
      meta('b'),
      meta('c'),
      meta('x', { lang: 'xx', enrichStatus: 'UNSUPPORTED_LANGUAGE' }),
    ],
    sentimentBatches: [{ LanguageCode: 'en', ids: ['a', 'b', 'c'], texts: ['A', 'B', 'C'] }],
    otherDocs: { ids: ['x'], texts: ['X'] },
    sentimentResults: [
      {
        ResultList: [
          {
            Index: 0,
            Sentiment: 'POSITIVE',
            SentimentScore: { Positive: 0.9, Negative: 0, Neutral: 0.1, Mixed: 0 },
          },
        ],
        ErrorList: [{ Index: 1, ErrorCode: 'INTERNAL_SERVER_ERROR' }],
      },
    ],
  });

  it('applies results per document and fails documents in ErrorList or missing', () => {
    const out = Object.fromEntries(mergeSentiments(base()).map((p) => [p.id, p]));

    expect(out.a).toMatchObject({ enrichStatus: 'OK', sentiment: 'POSITIVE', text: 'A and more' });
    expect(out.b).toMatchObject({ enrichStatus: 'FAILED', text: 'B' });
    expect(out.b?.sentiment).toBeUndefined();
    expect(out.c).toMatchObject({ enrichStatus: 'FAILED' });
    expect(out.x).toMatchObject({ enrichStatus: 'UNSUPPORTED_LANGUAGE', text: 'X' });
  });

  it('fails the whole batch when its call was caught', () => {
    const out = mergeSentiments({
      ...base(),
      sentimentResults: [{ Error: 'Comprehend.ThrottlingException' }],
    });
    expect(out.map((p) => p.enrichStatus)).toEqual([
      'FAILED',
      'FAILED',
      'FAILED',
      'UNSUPPORTED_LANGUAGE',
    ]);
  });
});

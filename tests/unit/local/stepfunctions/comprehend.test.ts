import { StartSyncExecutionCommand, type SFNClient } from '@aws-sdk/client-sfn';
import type { StepFunctionsEndpoint } from '../../../../local/stepfunctions';
import { comprehendUnits } from '../../../../local/stepfunctions/tasks/comprehend';
import { machine, smArn, startSfn } from './helpers';

const sdk = (op: string) => `arn:aws:states:::aws-sdk:comprehend:${op}`;

const nlp = machine('Nlp', {
  StartAt: 'Languages',
  States: {
    Languages: {
      Type: 'Task',
      Resource: sdk('batchDetectDominantLanguage'),
      Parameters: { 'TextList.$': '$.texts' },
      ResultPath: '$.languages',
      Next: 'Sentiments',
    },
    Sentiments: {
      Type: 'Task',
      Resource: sdk('batchDetectSentiment'),
      Parameters: { 'TextList.$': '$.texts', 'LanguageCode.$': '$.lang' },
      ResultPath: '$.sentiments',
      Retry: [
        { ErrorEquals: ['Comprehend.ThrottlingException'], IntervalSeconds: 0, MaxAttempts: 3 },
      ],
      Catch: [
        {
          ErrorEquals: ['Comprehend.UnsupportedLanguageException'],
          ResultPath: '$.unsupported',
          Next: 'Done',
        },
      ],
      Next: 'One',
    },
    One: {
      Type: 'Task',
      Resource: sdk('detectSentiment'),
      Parameters: { 'Text.$': '$.texts[0]', LanguageCode: 'en' },
      ResultPath: '$.one',
      Next: 'OneLanguage',
    },
    OneLanguage: {
      Type: 'Task',
      Resource: sdk('detectDominantLanguage'),
      Parameters: { 'Text.$': '$.texts[0]' },
      ResultPath: '$.oneLanguage',
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
});

const empty = machine('Empty', {
  StartAt: 'One',
  States: {
    One: {
      Type: 'Task',
      Resource: sdk('detectSentiment'),
      Parameters: { Text: '', LanguageCode: 'en' },
      End: true,
    },
  },
});

let sfn: StepFunctionsEndpoint;
let client: SFNClient;
let throttleFor = 0;

beforeAll(async () => {
  ({ sfn, client } = await startSfn(
    [nlp, empty],
    () => Promise.reject(new Error('no functions here')),
    {
      comprehend: (operation) =>
        operation === 'batchDetectSentiment' && throttleFor-- > 0
          ? Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })
          : undefined,
    },
  ));
});
afterAll(() => sfn.stop());

async function run(name: string, input: unknown) {
  return client.send(
    new StartSyncExecutionCommand({ stateMachineArn: smArn(name), input: JSON.stringify(input) }),
  );
}

describe('Comprehend SDK integration stand-in', () => {
  const texts = ['I love this, what a wonderful day!', 'This is terrible and I hate it.'];

  it('answers with Comprehend response shapes and counts units', async () => {
    const before = sfn.counters().comprehendUnits;
    const res = await run('Nlp', { texts, lang: 'en' });
    expect(res.status).toBe('SUCCEEDED');
    const out = JSON.parse(res.output!);
    expect(out.languages).toEqual({
      ResultList: [
        {
          Index: 0,
          Languages: expect.arrayContaining([{ LanguageCode: 'en', Score: expect.any(Number) }]),
        },
        { Index: 1, Languages: expect.any(Array) },
      ],
      ErrorList: [],
    });
    expect(out.sentiments.ResultList).toEqual([
      expect.objectContaining({ Index: 0, Sentiment: 'POSITIVE' }),
      expect.objectContaining({ Index: 1, Sentiment: 'NEGATIVE' }),
    ]);
    expect(Object.keys(out.sentiments.ResultList[0].SentimentScore).sort()).toEqual([
      'Mixed',
      'Negative',
      'Neutral',
      'Positive',
    ]);
    expect(out.one).toEqual({ Sentiment: 'POSITIVE', SentimentScore: expect.any(Object) });
    expect(out.oneLanguage.Languages[0].LanguageCode).toBe('en');
    // Two batch calls over two short texts (3 units each) plus two single calls on texts[0].
    expect(sfn.counters().comprehendUnits - before).toBe(6 + 6 + 3 + 3);
  });

  it('surfaces ComprehendError as Comprehend.<Code> for Catch', async () => {
    const res = await run('Nlp', { texts, lang: 'xx' });
    expect(res.status).toBe('SUCCEEDED');
    const out = JSON.parse(res.output!);
    expect(out.unsupported.Error).toBe('Comprehend.UnsupportedLanguageException');
    expect(out.unsupported.Cause).toMatch(/xx.*\(Service: Comprehend, Status Code: 400/);
  });

  it('retries injected throttling named Comprehend.ThrottlingException', async () => {
    throttleFor = 2;
    const res = await run('Nlp', { texts, lang: 'en' });
    expect(res.status).toBe('SUCCEEDED');
    expect(throttleFor).toBeLessThan(0);

    throttleFor = 10;
    const failed = await run('Nlp', { texts, lang: 'en' });
    expect(failed.status).toBe('FAILED');
    expect(failed.error).toBe('Comprehend.ThrottlingException');
    throttleFor = 0;
  });

  it('fails a single-document call on an empty text with InvalidRequestException', async () => {
    const res = await run('Empty', {});
    expect(res.status).toBe('FAILED');
    expect(res.error).toBe('Comprehend.InvalidRequestException');
  });

  it('bills 100 characters a unit with a minimum of 3', () => {
    expect(comprehendUnits('hi')).toBe(3);
    expect(comprehendUnits('x'.repeat(301))).toBe(4);
    expect(comprehendUnits('é'.repeat(300))).toBe(3);
  });
});

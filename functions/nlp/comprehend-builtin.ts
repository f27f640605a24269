import { eld } from 'eld/small';
import { modelSentimentEngine } from './engine';
import { classifyLexicon, LEXICON_LANGUAGES, type SentimentResult } from './lexicon-engine';

/**
 * Built-in implementations of the two Comprehend batch APIs the workflow uses, with Comprehend's
 * request and response shapes, so the state machine cannot tell them apart. Used by the builtin
 * Lambda functions (SentimentEngine=builtin) and by the local stack's Comprehend stand-in.
 */

export const MAX_BATCH = 25;
/** Comprehend rejects documents over 5,000 bytes in batch calls. */
export const MAX_DOCUMENT_BYTES = 5000;

export interface BatchError {
  Index: number;
  ErrorCode: string;
  ErrorMessage: string;
}

export interface BatchDetectDominantLanguageResponse {
  ResultList: { Index: number; Languages: { LanguageCode: string; Score: number }[] }[];
  ErrorList: BatchError[];
}

export interface BatchDetectSentimentResponse {
  ResultList: ({ Index: number } & SentimentResult)[];
  ErrorList: BatchError[];
}

/** Comprehend's own error for a bad request, with the name Step Functions matches on. */
export class ComprehendError extends Error {
  constructor(
    public readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = code;
  }
}

function checkBatch(textList: unknown): asserts textList is string[] {
  if (!Array.isArray(textList) || textList.some((t) => typeof t !== 'string')) {
    throw new ComprehendError('InvalidRequestException', 'TextList must be a list of strings');
  }
  if (textList.length === 0 || textList.length > MAX_BATCH) {
    throw new ComprehendError(
      'BatchSizeLimitExceededException',
      `TextList must hold 1 to ${MAX_BATCH} documents`,
    );
  }
}

function documentError(text: string, index: number): BatchError | undefined {
  if (text.trim() === '')
    return { Index: index, ErrorCode: 'INVALID_REQUEST', ErrorMessage: 'Document is empty' };
  if (Buffer.byteLength(text, 'utf8') > MAX_DOCUMENT_BYTES) {
    return {
      Index: index,
      ErrorCode: 'TEXT_SIZE_LIMIT_EXCEEDED',
      ErrorMessage: 'Document exceeds 5000 bytes',
    };
  }
  return undefined;
}

/** One document's top three languages, Comprehend-style; `und` when eld cannot tell. */
export function dominantLanguages(text: string): { LanguageCode: string; Score: number }[] {
  const r = eld.detect(text);
  const scores = Object.entries(r.getScores())
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3);
  const total = scores.reduce((s, [, v]) => s + v, 0) || 1;
  return r.language
    ? scores.map(([LanguageCode, v]) => ({ LanguageCode, Score: v / total }))
    : [{ LanguageCode: 'und', Score: 1 }];
}

export function batchDetectDominantLanguage(input: {
  TextList: unknown;
}): BatchDetectDominantLanguageResponse {
  checkBatch(input.TextList);
  const out: BatchDetectDominantLanguageResponse = { ResultList: [], ErrorList: [] };
  input.TextList.forEach((text, Index) => {
    const err = documentError(text, Index);
    if (err) return void out.ErrorList.push(err);
    out.ResultList.push({ Index, Languages: dominantLanguages(text) });
  });
  return out;
}

export interface SentimentEngine {
  /** Languages it scores (Comprehend's codes); others get UnsupportedLanguageException. */
  languages: readonly string[];
  /** `language` is one of `languages` (English when absent): it picks the model. */
  classify(text: string, language?: string): SentimentResult;
}

/** The wink-sentiment lexicon: kept as the baseline the trained model is measured against. */
export const lexiconEngine: SentimentEngine = {
  languages: LEXICON_LANGUAGES,
  classify: classifyLexicon,
};

/** The trained tweet models, one per language (functions/nlp/engine): the builtin stack's default. */
export const builtinSentimentEngine: SentimentEngine = modelSentimentEngine;

/** Checks a BatchDetectSentiment request; returns its language, or throws Comprehend's error. */
function checkSentimentRequest(
  input: { TextList: unknown; LanguageCode: unknown },
  languages: readonly string[],
): asserts input is { TextList: string[]; LanguageCode: string } {
  checkBatch(input.TextList);
  const language = input.LanguageCode;
  if (typeof language !== 'string' || !languages.includes(language)) {
    throw new ComprehendError(
      'UnsupportedLanguageException',
      `Sentiment is not supported for language ${String(language)}; supported: ${languages.join(', ')}`,
    );
  }
}

export function batchDetectSentiment(
  input: { TextList: unknown; LanguageCode: unknown },
  engine: SentimentEngine = builtinSentimentEngine,
): BatchDetectSentimentResponse {
  checkSentimentRequest(input, engine.languages);
  const out: BatchDetectSentimentResponse = { ResultList: [], ErrorList: [] };
  input.TextList.forEach((text, Index) => {
    const err = documentError(text, Index);
    if (err) return void out.ErrorList.push(err);
    out.ResultList.push({ Index, ...engine.classify(text, input.LanguageCode) });
  });
  return out;
}

/** An engine that scores a whole batch at once, asynchronously (SentimentEngine=onnx). */
export interface BatchSentimentEngine {
  languages: readonly string[];
  classifyBatch(texts: readonly string[]): Promise<SentimentResult[]>;
}

/** BatchDetectSentiment for a batch engine: the same checks, errors and response shapes. */
export async function batchDetectSentimentAsync(
  input: { TextList: unknown; LanguageCode: unknown },
  engine: BatchSentimentEngine,
): Promise<BatchDetectSentimentResponse> {
  checkSentimentRequest(input, engine.languages);
  const out: BatchDetectSentimentResponse = { ResultList: [], ErrorList: [] };
  const valid: { Index: number; text: string }[] = [];
  input.TextList.forEach((text, Index) => {
    const err = documentError(text, Index);
    if (err) out.ErrorList.push(err);
    else valid.push({ Index, text });
  });
  const results = await engine.classifyBatch(valid.map((v) => v.text));
  valid.forEach((v, i) => out.ResultList.push({ Index: v.Index, ...results[i]! }));
  return out;
}

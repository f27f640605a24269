import type * as Builtin from '../../../functions/nlp/comprehend-builtin';
import type { BatchError } from '../../../functions/nlp/comprehend-builtin';
import { serviceTaskError } from '../errors';
import type { Json, StepFunctionsFaults, TaskCounters, TaskHandler } from './types';

/** Comprehend bills 1 unit per 100 characters, at least 3 units per document. */
export function comprehendUnits(text: string): number {
  let chars = 0;
  for (const _ of text) chars++;
  return Math.max(3, Math.ceil(chars / 100));
}

type Params = Record<string, Json | undefined>;

// The built-in engine (its eight models are 7 MB of JSON) loads on the first Comprehend task, not
// with the stack: the default template calls the engine through its Lambda functions instead.
let builtin: Promise<typeof Builtin> | undefined;
const loadBuiltin = (): Promise<typeof Builtin> =>
  (builtin ??= import('../../../functions/nlp/comprehend-builtin'));

/** Comprehend's single-document calls fail the request where a batch call lists a per-item error. */
const SINGLE_ERRORS: Record<string, string> = {
  INVALID_REQUEST: 'InvalidRequestException',
  TEXT_SIZE_LIMIT_EXCEEDED: 'TextSizeLimitExceededException',
};

function single<T>(
  b: typeof Builtin,
  result: {
    ResultList: ({ Index: number } & T)[];
    ErrorList: BatchError[];
  },
): Omit<T, 'Index'> {
  const err = result.ErrorList[0];
  if (err)
    throw new b.ComprehendError(SINGLE_ERRORS[err.ErrorCode] ?? err.ErrorCode, err.ErrorMessage);
  const { Index: _index, ...rest } = result.ResultList[0]!;
  return rest;
}

function text(b: typeof Builtin, params: Params): string {
  if (typeof params.Text !== 'string') {
    throw new b.ComprehendError('InvalidRequestException', 'Text must be a string');
  }
  return params.Text;
}

function billed(texts: readonly unknown[], indexes: readonly { Index: number }[]): number {
  let units = 0;
  for (const { Index } of indexes) {
    const t = texts[Index];
    if (typeof t === 'string') units += comprehendUnits(t);
  }
  return units;
}

type Operation = (params: Params, b: typeof Builtin) => { result: Json; units: number };

const OPERATIONS: Record<string, Operation> = {
  batchDetectDominantLanguage: (p, b) => {
    const r = b.batchDetectDominantLanguage({ TextList: p.TextList });
    return { result: r as unknown as Json, units: billed(p.TextList as Json[], r.ResultList) };
  },
  batchDetectSentiment: (p, b) => {
    const r = b.batchDetectSentiment({ TextList: p.TextList, LanguageCode: p.LanguageCode });
    return { result: r as unknown as Json, units: billed(p.TextList as Json[], r.ResultList) };
  },
  detectDominantLanguage: (p, b) => {
    const t = text(b, p);
    const r = single(b, b.batchDetectDominantLanguage({ TextList: [t] }));
    return { result: r as unknown as Json, units: comprehendUnits(t) };
  },
  detectSentiment: (p, b) => {
    const t = text(b, p);
    const r = single(b, b.batchDetectSentiment({ TextList: [t], LanguageCode: p.LanguageCode }));
    return { result: r as unknown as Json, units: comprehendUnits(t) };
  },
};

export const COMPREHEND_OPERATIONS = Object.keys(OPERATIONS);

/**
 * `arn:aws:states:::aws-sdk:comprehend:<operation>` answered by the built-in stand-in, with
 * Comprehend's request/response shapes and its errors named as the SDK integration names them.
 */
export function comprehendTask(
  operation: string,
  counters: TaskCounters,
  faults: StepFunctionsFaults | undefined,
): TaskHandler | undefined {
  const op = OPERATIONS[operation];
  if (!op) return undefined;
  return async (input) => {
    const fault = faults?.comprehend?.(operation);
    if (fault) throw serviceTaskError('Comprehend', fault.name, fault.message);
    const params = (typeof input === 'object' && input !== null ? input : {}) as Params;
    const b = await loadBuiltin();
    try {
      const { result, units } = op(params, b);
      counters.comprehendUnits += units;
      return result;
    } catch (err) {
      if (err instanceof b.ComprehendError) {
        throw serviceTaskError('Comprehend', err.code, err.message);
      }
      throw err;
    }
  };
}

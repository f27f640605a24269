import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../../../local/paths';

export const LAMBDA = (name: string): string =>
  `arn:aws:lambda:us-east-1:123456789012:function:social-stream-${name}`;

/** DefinitionSubstitutions as the template resolves them in each SentimentEngine mode. */
export const SUBSTITUTIONS = {
  builtin: {
    PrepareFunctionArn: LAMBDA('Prepare'),
    PlanFunctionArn: LAMBDA('Plan'),
    PersistFunctionArn: LAMBDA('Persist'),
    DetectLanguageResource: LAMBDA('DetectLanguage'),
    DetectSentimentResource: LAMBDA('DetectSentiment'),
  },
  comprehend: {
    PrepareFunctionArn: LAMBDA('Prepare'),
    PlanFunctionArn: LAMBDA('Plan'),
    PersistFunctionArn: LAMBDA('Persist'),
    DetectLanguageResource: 'arn:aws:states:::aws-sdk:comprehend:batchDetectDominantLanguage',
    DetectSentimentResource: 'arn:aws:states:::aws-sdk:comprehend:batchDetectSentiment',
  },
};

export const rawDefinition = (): string =>
  readFileSync(join(findRepoRoot(), 'statemachines', 'enrich.asl.json'), 'utf8');

/** The definition with `${Name}` substitutions applied, as CloudFormation does. */
export function loadDefinition(values: Record<string, string>): Record<string, unknown> {
  const text = rawDefinition().replace(/\$\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`No substitution for ${whole}`);
    return value;
  });
  return JSON.parse(text) as Record<string, unknown>;
}

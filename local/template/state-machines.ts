import { readFileSync } from 'node:fs';
import { extname, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { TemplateError } from './intrinsics';

type Json = Record<string, unknown>;

/** Replaces `${Key}` with DefinitionSubstitutions[Key], as CloudFormation does, in the raw text. */
export function applySubstitutions(text: string, substitutions: Record<string, unknown>): string {
  return text.replace(/\$\{([A-Za-z0-9_.:-]+)\}/g, (match, key: string) => {
    const value = substitutions[key];
    if (value === undefined) return match;
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/**
 * The state machine's definition with DefinitionSubstitutions applied, from DefinitionUri (a local
 * JSON or YAML file), DefinitionString, or an inline Definition.
 */
export function loadDefinition(root: string, logicalId: string, p: Json): Record<string, unknown> {
  const substitutions =
    typeof p.DefinitionSubstitutions === 'object' && p.DefinitionSubstitutions !== null
      ? (p.DefinitionSubstitutions as Json)
      : {};
  let text: string;
  let yaml = false;
  if (typeof p.DefinitionUri === 'string') {
    const file = resolve(root, p.DefinitionUri);
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new TemplateError(`${logicalId}: cannot read DefinitionUri ${file}: ${String(err)}`);
    }
    yaml = ['.yaml', '.yml'].includes(extname(file));
  } else if (typeof p.DefinitionString === 'string') {
    text = p.DefinitionString;
  } else if (typeof p.Definition === 'object' && p.Definition !== null) {
    text = JSON.stringify(p.Definition);
  } else {
    throw new TemplateError(
      `${logicalId}: needs a local DefinitionUri, DefinitionString or Definition (S3 locations do not run locally)`,
    );
  }
  const substituted = applySubstitutions(text, substitutions);
  try {
    return (yaml ? parseYaml(substituted) : JSON.parse(substituted)) as Record<string, unknown>;
  } catch (err) {
    throw new TemplateError(
      `${logicalId}: definition is not valid ${yaml ? 'YAML' : 'JSON'}: ${String(err)}`,
    );
  }
}

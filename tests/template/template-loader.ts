import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { yamlParse } from 'yaml-cfn';
import { findRepoRoot } from '../../local/paths';

export const root = findRepoRoot();

export interface CfnResource {
  Type: string;
  Condition?: string;
  Metadata?: Record<string, unknown>;
  Properties?: Record<string, unknown>;
}

export interface CfnTemplate {
  Globals?: { Function?: Record<string, unknown> };
  Parameters: Record<string, { Default?: unknown; AllowedValues?: unknown[] }>;
  Conditions?: Record<string, unknown>;
  Resources: Record<string, CfnResource>;
  Outputs: Record<string, { Value: unknown }>;
}

/** template.yaml with its CloudFormation tags turned into canonical JSON (`!Ref` -> `{ Ref }`). */
export function loadTemplate(): CfnTemplate {
  return yamlParse(readFileSync(join(root, 'template.yaml'), 'utf8')) as CfnTemplate;
}

export function resourcesOfType(t: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(t.Resources).filter(([, r]) => r.Type === type);
}

/** Logical ids a value refers to through Ref, Fn::GetAtt or Fn::Sub, at any depth. */
export function referencedIds(value: unknown): string[] {
  const out: string[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (v === null || typeof v !== 'object') return;
    for (const [k, inner] of Object.entries(v)) {
      if (k === 'Ref' && typeof inner === 'string') out.push(inner);
      else if (k === 'Fn::GetAtt') {
        const target = Array.isArray(inner) ? inner[0] : String(inner).split('.')[0];
        out.push(String(target));
      } else if (k === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        // Names the Sub defines in its own variable map are not references.
        const own =
          Array.isArray(inner) && inner[1] && typeof inner[1] === 'object' ? inner[1] : {};
        for (const m of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/g)) {
          if (!(m[1]! in own)) out.push(m[1]!);
        }
        if (Array.isArray(inner)) visit(inner[1]);
      } else visit(inner);
    }
  };
  visit(value);
  return out;
}

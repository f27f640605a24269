import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'smol-toml';

export interface SamConfigDefaults {
  stackName?: string;
  region?: string;
}

type Table = Record<string, unknown>;
const table = (v: unknown): Table =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Table) : {};
const text = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;

/**
 * The stack name and region `sam deploy` uses, from samconfig.toml: the deploy command's own
 * parameters first, then the environment's global ones (SAM's precedence).
 */
export function readSamConfig(root: string, environment = 'default'): SamConfigDefaults {
  const file = join(root, 'samconfig.toml');
  if (!existsSync(file)) return {};
  const env = table(parse(readFileSync(file, 'utf8'))[environment]);
  const deploy = table(table(env.deploy).parameters);
  const global = table(table(env.global).parameters);
  return {
    stackName: text(deploy.stack_name) ?? text(global.stack_name),
    region: text(deploy.region) ?? text(global.region),
  };
}

/** `npm run build`: bundles every function of template.yaml into dist/functions/<LogicalId>/. */
import { parseArgs } from 'node:util';
import { findRepoRoot } from '../local/paths';
import { buildFunctions } from '../local/runtime/build';
import { resolveTemplate } from '../local/template';

const { values } = parseArgs({ options: { force: { type: 'boolean', default: false } } });
const root = findRepoRoot();
const started = Date.now();
const template = resolveTemplate({ root, skipDefinitions: true });
try {
  const built = await buildFunctions(root, template.functions, { force: values.force });
  for (const b of built) console.log(`${b.rebuilt ? 'built  ' : 'cached '} ${b.logicalId}`);
  console.log(`${built.length} functions in ${Date.now() - started} ms`);
} catch (err) {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
}

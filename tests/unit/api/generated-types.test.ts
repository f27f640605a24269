import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GENERATED_FILE, generateApiTypes } from '../../../scripts/api-types';
import { root } from './support/fixtures';

// The dashboard's API types are generated from docs/openapi.yaml and committed: a document
// changed without `npm run gen:api-types` would leave the dashboard compiled against the old
// contract. (Handlers against the document: openapi.test.ts.)
describe(GENERATED_FILE, () => {
  it('is what openapi-typescript makes of docs/openapi.yaml now', async () => {
    const committed = readFileSync(join(root, GENERATED_FILE), 'utf8');
    const fresh = await generateApiTypes(root);
    // A plain equality would print two 900-line strings; the first differing line says enough.
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const line = a.findIndex((text, i) => text !== b[i]);
    const at = line === -1 && a.length !== b.length ? Math.min(a.length, b.length) : line;
    expect({
      stale: at !== -1,
      hint: at === -1 ? '' : 'run `npm run gen:api-types` and commit the result',
      line: at + 1,
      committed: a[at],
      generated: b[at],
    }).toEqual({ stale: false, hint: '', line: 0, committed: undefined, generated: undefined });
  });

  it('names the schemas the dashboard reads', async () => {
    const fresh = await generateApiTypes(root);
    for (const schema of ['TermsResponse', 'BreakdownResponse', 'PostsResponse', 'Window']) {
      expect(fresh).toMatch(new RegExp(`^\\s+${schema}: `, 'm'));
    }
  });
});

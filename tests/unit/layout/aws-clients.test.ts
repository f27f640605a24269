import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { filesUnder, ROOT } from './support';

/**
 * Each AWS service's client is created once, in its own module under functions/shared/aws/, and
 * every function imports it from there: one place for its configuration and tracing.
 */

/** `new XxxClient(` and `XxxDocumentClient.from(`: where an SDK client comes to be. */
const CREATION = /\bnew\s+([A-Z]\w*Client)\s*\(|\b(\w+DocumentClient)\.from\s*\(/g;

function creations(): { file: string; client: string }[] {
  return filesUnder(join(ROOT, 'functions')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(CREATION)].map((m) => ({
      file: relative(ROOT, file),
      client: (m[1] ?? m[2])!,
    })),
  );
}

describe('AWS SDK clients in functions/', () => {
  it('are created only in functions/shared/aws/, one module per service', () => {
    const found = creations();
    expect(found.length).toBeGreaterThan(0);
    for (const { file } of found) expect(file).toMatch(/^functions\/shared\/aws\/[a-z-]+\.ts$/);
    const byClient = new Map<string, string[]>();
    for (const { file, client } of found)
      byClient.set(client, [...(byClient.get(client) ?? []), file]);
    for (const [client, files] of byClient)
      expect({ client, files }).toEqual({ client, files: [files[0]] });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';

/**
 * The dashboard's API types, generated from the API's one contract (docs/openapi.yaml) with
 * openapi-typescript. `npm run gen:api-types` writes them (scripts/gen-api-types.ts, run first by
 * `build:frontend`); tests/unit/api/generated-types.test.ts regenerates them in memory and fails
 * when the committed file is stale.
 */

export const OPENAPI_FILE = 'docs/openapi.yaml';
export const GENERATED_FILE = 'frontend/src/app/core/api.generated.ts';

const HEADER =
  '// Generated from docs/openapi.yaml by `npm run gen:api-types` (openapi-typescript). Do not\n' +
  '// edit: change the document and regenerate. frontend/src/app/core/api.types.ts names these.\n\n';

/** The generated module's text, from the document as it is now in `root`. */
export async function generateApiTypes(root: string): Promise<string> {
  // Given as text rather than a path, so nothing depends on the working directory.
  const ast = await openapiTS(readFileSync(join(root, OPENAPI_FILE), 'utf8'), {
    silent: true,
    // `{ type: object }` without properties is "some object", not "an object with no keys".
    emptyObjectsUnknown: true,
  });
  // As openapi-typescript prints it (.prettierignore leaves it so): the test compares it as is.
  return HEADER + astToString(ast);
}

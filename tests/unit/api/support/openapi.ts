import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { root } from './fixtures';

/** docs/openapi.yaml, and validators for its JSON response schemas. */

interface Operation {
  responses: Record<string, { $ref?: string; content?: Record<string, { schema: object }> }>;
}
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { responses: Record<string, { content: Record<string, { schema: object }> }> };
}

export const openapi = parse(
  readFileSync(join(root, 'docs', 'openapi.yaml'), 'utf8'),
) as OpenApiDoc;

const DOC_ID = 'https://social-stream.local/openapi.json';
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats(ajv);
// The document's non-schema sections must not trip strict mode; only `$ref`ed schemas are compiled.
ajv.addVocabulary(['openapi', 'info', 'servers', 'paths', 'components']);
ajv.addSchema({ ...openapi, $id: DOC_ID });

const cache = new Map<string, ValidateFunction>();

/** The validator of `<method> <path>`'s response schema for `status`, following response `$ref`s. */
export function responseValidator(path: string, status: number, method = 'get'): ValidateFunction {
  const id = `${method} ${path} ${status}`;
  const cached = cache.get(id);
  if (cached) return cached;
  const response = openapi.paths[path]?.[method]?.responses[String(status)];
  if (!response) {
    throw new Error(`openapi.yaml has no ${status} response for ${method.toUpperCase()} ${path}`);
  }
  const pointer = response.$ref
    ? `${response.$ref}/content/application~1json/schema`
    : `#/paths/${path.replace(/~/g, '~0').replace(/\//g, '~1')}/${method}/responses/${status}/content/application~1json/schema`;
  const validate = ajv.compile({
    $ref: `${DOC_ID}${pointer.replace(/{/g, '%7B').replace(/}/g, '%7D')}`,
  });
  cache.set(id, validate);
  return validate;
}

/** Route paths of the template path syntax, e.g. `/hashtags/{tag}/timeline`, from a routeKey. */
export const routePath = (routeKey: string): string => routeKey.replace(/^[A-Z]+ /, '');

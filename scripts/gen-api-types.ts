// Writes frontend/src/app/core/api.generated.ts from docs/openapi.yaml (scripts/api-types.ts).
//   npm run gen:api-types
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepoRoot } from '../local/paths';
import { GENERATED_FILE, generateApiTypes } from './api-types';

const root = findRepoRoot();
const target = join(root, GENERATED_FILE);
const text = await generateApiTypes(root);
const old = readFileSync(target, { encoding: 'utf8', flag: 'a+' });
// Written only when it changed, so the dashboard build's inputs keep their times otherwise.
if (old !== text) writeFileSync(target, text);
console.log(`${GENERATED_FILE}: ${old === text ? 'up to date' : 'written'}`);

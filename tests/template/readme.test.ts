import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadTemplate, root } from './template-loader';

const readme = readFileSync(join(root, 'README.md'), 'utf8');
const template = loadTemplate();

describe('README', () => {
  it('shows the two commands: npm start and npm test', () => {
    expect(readme).toMatch(/`npm start`/);
    expect(readme).toMatch(/`npm test`/);
  });

  it('invokes only template functions, with sample events that exist', () => {
    const invokes = [...readme.matchAll(/sam local invoke (\w+) -e (\S+)/g)];
    expect(invokes.length).toBeGreaterThanOrEqual(5);
    for (const [, fn, event] of invokes) {
      expect({ fn, type: template.Resources[fn!]?.Type }).toEqual({
        fn,
        type: 'AWS::Serverless::Function',
      });
      expect({ event, exists: existsSync(join(root, event!)) }).toEqual({ event, exists: true });
    }
  });

  it('shows the npm run invoke equivalent of every sam local invoke line, and no other', () => {
    const lines = (re: RegExp): string[] =>
      [...readme.matchAll(re)].map(([, fn, event]) => `${fn} ${event}`).sort();
    const sam = lines(/sam local invoke (\w+) -e (\S+)/g);
    expect(sam.length).toBeGreaterThan(0);
    expect(lines(/npm run invoke -- (\w+) -e (\S+)/g)).toEqual(sam);
  });

  it('names template parameters that exist', () => {
    for (const name of ['SentimentEngine', 'StreamMode', 'StreamShardCount', 'RetentionDays']) {
      expect(readme).toContain(`\`${name}\``);
      expect(template.Parameters[name]).toBeDefined();
    }
  });

  it('uses npm scripts that exist', () => {
    const scripts = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
        scripts: Record<string, string>;
      }
    ).scripts;
    const used = [...readme.matchAll(/npm run (?:--silent )?([\w:-]+)/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((s) => !(s in scripts))).toEqual([]);
  });
});

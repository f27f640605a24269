import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectGrants } from './iam';
import {
  loadTemplate,
  referencedIds,
  resourcesOfType,
  root,
  type CfnTemplate,
} from './template-loader';

/**
 * The template's security settings that the IAM check does not cover: who may call which route,
 * which browser origins the API trusts, what the dashboard's CSP lets a page load, and that no
 * secret is written into the template or its deploy configuration.
 */

const template = loadTemplate();
type Json = Record<string, unknown>;

interface Route {
  fn: string;
  event: string;
  method: string;
  path: string;
  auth?: Json;
}

function httpRoutes(t: CfnTemplate): Route[] {
  return resourcesOfType(t, 'AWS::Serverless::Function').flatMap(([fn, r]) =>
    Object.entries(
      (r.Properties?.Events ?? {}) as Record<string, { Type: string; Properties: Json }>,
    )
      .filter(([, e]) => e.Type === 'HttpApi')
      .map(([event, e]) => ({
        fn,
        event,
        method: String(e.Properties.Method ?? 'ANY').toUpperCase(),
        path: String(e.Properties.Path ?? '$default'),
        ...(e.Properties.Auth ? { auth: e.Properties.Auth as Json } : {}),
      })),
  );
}

const routes = httpRoutes(template);
const [[apiId, api]] = resourcesOfType(template, 'AWS::Serverless::HttpApi') as unknown as [
  [string, { Properties: Json }],
];
const apiAuth = (api.Properties.Auth ?? {}) as {
  EnableIamAuthorizer?: boolean;
  DefaultAuthorizer?: string;
  Authorizers?: Record<string, Json>;
};
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Why a route is protected, or undefined when anyone may call it. */
function protection(route: Route): string | undefined {
  const name = (route.auth?.Authorizer as string | undefined) ?? apiAuth.DefaultAuthorizer;
  if (!name || name === 'NONE') return undefined;
  if (name === 'AWS_IAM') return apiAuth.EnableIamAuthorizer ? 'AWS_IAM' : undefined;
  const authorizer = apiAuth.Authorizers?.[name];
  if (!authorizer) return undefined;
  const jwt = authorizer.JwtConfiguration as { issuer?: unknown; audience?: unknown[] } | undefined;
  if (jwt) return jwt.issuer && (jwt.audience ?? []).length > 0 ? `JWT ${name}` : undefined;
  return authorizer.FunctionArn ? `Lambda ${name}` : undefined;
}

describe('HTTP API routes', () => {
  it('are read from the template', () => {
    expect(routes.map((r) => `${r.method} ${r.path}`)).toEqual(
      expect.arrayContaining(['GET /hashtags', 'POST /tracks', 'DELETE /tracks/{term}']),
    );
  });

  it('require an authorizer for every method that changes something (POST /tracks, DELETE /tracks/{term})', () => {
    const writes = routes.filter((r) => !SAFE_METHODS.has(r.method));
    expect(writes.length).toBeGreaterThanOrEqual(2);
    for (const r of writes) {
      expect({ route: `${r.method} ${r.path}`, protectedBy: protection(r) ?? 'nothing' }).toEqual({
        route: `${r.method} ${r.path}`,
        protectedBy: expect.not.stringMatching(/^nothing$/),
      });
    }
  });

  it('recognise an unprotected write route (the check can fail)', () => {
    expect(protection({ fn: 'X', event: 'E', method: 'POST', path: '/tracks' })).toBeUndefined();
    expect(
      protection({ fn: 'X', event: 'E', method: 'POST', path: '/x', auth: { Authorizer: 'NONE' } }),
    ).toBeUndefined();
    expect(
      protection({ fn: 'X', event: 'E', method: 'POST', path: '/x', auth: { Authorizer: 'Nope' } }),
    ).toBeUndefined();
  });

  it('give the functions behind public routes no permission to change anything', () => {
    const writes =
      /^(dynamodb:(Put|Update|Delete|BatchWrite|TransactWrite)|sqs:(Send|Delete|Purge)|kinesis:Put|s3:(Put|Delete)|states:Start|lambda:Invoke|secretsmanager:)/;
    const publicOnly = new Set(
      [...new Set(routes.map((r) => r.fn))].filter((fn) =>
        routes.filter((r) => r.fn === fn).every((r) => protection(r) === undefined),
      ),
    );
    expect(publicOnly.size).toBeGreaterThanOrEqual(5);
    const granted = collectGrants(template)
      .grants.filter((g) => publicOnly.has(g.owner) && g.statement.Effect === 'Allow')
      .flatMap((g) =>
        ([] as unknown[]).concat(g.statement.Action).map((a) => `${g.owner} ${String(a)}`),
      )
      .filter((line) => writes.test(line.split(' ')[1]!));
    expect(granted).toEqual([]);
  });
});

describe('throttling', () => {
  const settings = (api.Properties.DefaultRouteSettings ?? {}) as Json;
  const param = (name: string) =>
    template.Parameters[name] as {
      Type: string;
      Default: number;
      MinValue?: number;
      MaxValue?: number;
    };

  it('limits every route of the HTTP API by the ApiThrottleRate and ApiThrottleBurst parameters', () => {
    expect(settings.ThrottlingRateLimit).toEqual({ Ref: 'ApiThrottleRate' });
    expect(settings.ThrottlingBurstLimit).toEqual({ Ref: 'ApiThrottleBurst' });
    // No route lifts its own limit above the default one.
    expect(api.Properties.RouteSettings).toBeUndefined();
  });

  it('has bounded numeric parameters with defaults a dashboard audience fits in and a flood does not', () => {
    const rate = param('ApiThrottleRate');
    const burst = param('ApiThrottleBurst');
    for (const p of [rate, burst]) {
      expect(p.Type).toBe('Number');
      // 0 would refuse every request; no maximum would let a typo open the API to any flood.
      expect(p.MinValue).toBeGreaterThanOrEqual(1);
      expect(p.MaxValue).toBeDefined();
      expect(p.Default).toBeGreaterThanOrEqual(p.MinValue!);
      expect(p.Default).toBeLessThanOrEqual(p.MaxValue!);
    }
    // A dashboard polls five routes every 5 s: 0.2 requests/s per route per viewer.
    expect(Number(rate.Default) / 0.2).toBeGreaterThanOrEqual(100);
    expect(Number(rate.Default)).toBeLessThanOrEqual(100);
    expect(Number(burst.Default)).toBeGreaterThanOrEqual(Number(rate.Default));
  });
});

describe('CORS', () => {
  const cors = api.Properties.CorsConfiguration as {
    AllowOrigins: unknown[];
    AllowCredentials?: boolean;
  };

  /** What an AllowOrigins entry is: the dashboard, a parameter, a literal; `when` its Condition. */
  function kindOf(o: unknown, when?: string): string {
    const cond = (o as { 'Fn::If'?: unknown[] })['Fn::If'];
    if (Array.isArray(cond)) {
      const [name, yes, no] = cond as [string, unknown, unknown];
      expect({ name, no }).toEqual({ name, no: { Ref: 'AWS::NoValue' } });
      return kindOf(yes, name);
    }
    const distributions = resourcesOfType(template, 'AWS::CloudFront::Distribution').map(
      ([id]) => id,
    );
    const sub = (o as { 'Fn::Sub'?: string })['Fn::Sub'];
    const prefix = when ? `if ${when}: ` : '';
    if (typeof sub === 'string' && /^https:\/\/\$\{(\w+)\.DomainName\}$/.test(sub)) {
      return `${prefix}${distributions.includes(referencedIds(o)[0]!) ? 'dashboard' : 'other'}`;
    }
    const ref = (o as { Ref?: string }).Ref;
    return `${prefix}${ref && ref in template.Parameters ? `parameter ${ref}` : `literal ${JSON.stringify(o)}`}`;
  }

  it('names the CloudFront dashboard, and otherwise only what a parameter asks for, never "*"', () => {
    expect(JSON.stringify(cors.AllowOrigins)).not.toMatch(/"\*"|\*\./);
    expect(cors.AllowOrigins.map((o) => kindOf(o)).sort()).toEqual([
      'dashboard',
      'if HasAllowedOrigin: parameter AllowedOrigin',
      'if SignInFromLocalhostOn: literal "http://localhost:3000"',
    ]);
    expect(cors.AllowCredentials).not.toBe(true);
  });

  it('allows no localhost, nor any other page, in a stack deployed with the defaults', () => {
    const param = template.Parameters.AllowedOrigin as { Default: string };
    expect(param.Default).toBe('');
    expect(template.Conditions?.HasAllowedOrigin).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AllowedOrigin' }, ''] }],
    });
    expect(template.Parameters.SignInFromLocalhost?.Default).toBe('false');
    // With the default parameters, both conditional entries are AWS::NoValue.
    const byDefault = cors.AllowOrigins.filter((o) => !('Fn::If' in (o as object)));
    expect(byDefault.map((o) => kindOf(o))).toEqual(['dashboard']);
  });

  it('AllowedOrigin takes nothing or one exact origin: no "*", wildcard host, path or list', () => {
    const param = template.Parameters.AllowedOrigin as { Default: string; AllowedPattern: string };
    const pattern = new RegExp(param.AllowedPattern);
    expect(param.Default).toMatch(pattern);
    for (const good of [
      '',
      'https://dash.example.org',
      'http://localhost:4200',
      'http://127.0.0.1:3000',
    ]) {
      expect(good).toMatch(pattern);
    }
    for (const bad of [
      '*',
      'https://*.example.org',
      'https://a.example.org,https://b.example.org',
      'https://a.example.org https://b.example.org',
      'https://a.example.org/',
      'null',
      ' ',
    ]) {
      expect(bad).not.toMatch(pattern);
    }
  });
});

/** Logical ids a resource depends on: Ref, Fn::GetAtt, Fn::Sub and DependsOn, within the template. */
function dependencies(t: CfnTemplate, id: string): string[] {
  const r = t.Resources[id] as { Properties?: unknown; DependsOn?: unknown } | undefined;
  const named = [
    ...referencedIds(r?.Properties),
    ...([] as unknown[]).concat(r?.DependsOn ?? []).map(String),
  ];
  return [...new Set(named)].filter((x) => x !== id && x in t.Resources);
}

/** A dependency path from `start` back to itself, or undefined when there is none. */
function cycleThrough(t: CfnTemplate, start: string): string[] | undefined {
  const seen = new Set<string>();
  const walk = (id: string, path: string[]): string[] | undefined => {
    for (const next of dependencies(t, id)) {
      if (next === start) return [...path, id];
      if (seen.has(next)) continue;
      seen.add(next);
      const found = walk(next, [...path, id]);
      if (found) return found;
    }
    return undefined;
  };
  return walk(start, []);
}

/** The CSP's directives, `${...}` left as they are. */
function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((parts) => parts[0])
      .map(([name, ...sources]) => [name!, sources]),
  );
}

describe("the dashboard's Content-Security-Policy (CloudFront)", () => {
  const policies = resourcesOfType(template, 'AWS::CloudFront::ResponseHeadersPolicy');
  const [[policyId, policy]] = policies as unknown as [[string, { Properties: Json }]];
  const config = (policy.Properties.ResponseHeadersPolicyConfig as Json).SecurityHeadersConfig as {
    ContentSecurityPolicy: { ContentSecurityPolicy: unknown; Override: boolean };
  };
  const raw = config.ContentSecurityPolicy.ContentSecurityPolicy;
  const text = typeof raw === 'string' ? raw : String((raw as { 'Fn::Sub': string })['Fn::Sub']);
  const csp = directives(text);

  it('is attached to every cache behaviour of the dashboard distribution and overrides the origin', () => {
    expect(config.ContentSecurityPolicy.Override).toBe(true);
    for (const [, d] of resourcesOfType(template, 'AWS::CloudFront::Distribution')) {
      const dc = (d.Properties?.DistributionConfig ?? {}) as {
        DefaultCacheBehavior: Json;
        CacheBehaviors?: Json[];
      };
      for (const b of [dc.DefaultCacheBehavior, ...(dc.CacheBehaviors ?? [])]) {
        expect(referencedIds(b.ResponseHeadersPolicyId)).toEqual([policyId]);
      }
    }
  });

  it("runs only the app's own scripts: script-src 'self', nothing inline or eval'd, no plugins", () => {
    expect(csp.get('default-src')).toEqual(["'self'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('base-uri')).toEqual(["'self'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(text).not.toMatch(/unsafe-eval|strict-dynamic|unsafe-hashes/);
  });

  it('loads images only from itself, data: URLs and the configured tile host (MapTileOrigin)', () => {
    expect(csp.get('img-src')).toEqual(["'self'", 'data:', '${MapTileOrigin}']);
  });

  it('allows no bare "*" or whole scheme as a source anywhere', () => {
    for (const [name, sources] of csp) {
      for (const s of sources) {
        expect({ name, s, ok: !/^(\*|https?:|wss?:|blob:)$/.test(s) }).toEqual({
          name,
          s,
          ok: true,
        });
      }
    }
  });

  it('connects only to itself, the regional API Gateway domain and the sign-in domain (documented)', () => {
    for (const s of csp.get('connect-src') ?? []) {
      expect(s).toMatch(/^('self'|https:\/\/[^\s;'*]*\*?[^\s;'*]*)$/);
    }
    expect(csp.get('connect-src')).toEqual([
      "'self'",
      'https://*.execute-api.${AWS::Region}.${AWS::URLSuffix}',
      'https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com',
    ]);
  });

  it("would make a dependency cycle by naming the stack's API, which is why npm run deploy:dashboard names it in index.html", () => {
    expect(cycleThrough(template, policyId)).toBeUndefined();
    const naming = structuredClone(template);
    const cfg = (naming.Resources[policyId]!.Properties!.ResponseHeadersPolicyConfig as Json)
      .SecurityHeadersConfig as { ContentSecurityPolicy: { ContentSecurityPolicy: unknown } };
    cfg.ContentSecurityPolicy.ContentSecurityPolicy = {
      'Fn::Sub': text.replace('https://*.execute-api', `https://\${${apiId}}.execute-api`),
    };
    const cycle = cycleThrough(naming, policyId);
    // The API trusts the distribution (CORS) and the sign-in client that names it (JWT audience).
    expect(cycle).toEqual(expect.arrayContaining([policyId, apiId]));
    // If that ever stops being a cycle, the header itself should name the API: this fails then.
    expect(cycle).toBeDefined();
  });

  it('refers only to parameters and resources that exist', () => {
    for (const m of text.matchAll(/\$\{([\w:]+)(?:\.\w+)?\}/g)) {
      const name = m[1]!;
      expect(
        name.startsWith('AWS::') || name in template.Parameters || name in template.Resources,
      ).toBe(true);
    }
  });

  it('MapTileOrigin cannot smuggle a directive or a wildcard into the policy', () => {
    const param = template.Parameters.MapTileOrigin as { Default: string; AllowedPattern: string };
    const pattern = new RegExp(param.AllowedPattern);
    for (const good of [
      '',
      'https://tile.openstreetmap.org',
      'https://*.tile.example.org',
      'https://t.example:8443',
    ]) {
      expect(good).toMatch(pattern);
    }
    for (const bad of [
      '*',
      'https:',
      'https://*',
      "https://t.example; script-src 'unsafe-inline'",
      'https://t.example https://evil.example',
      'http://t.example',
      'https://t.example/{z}/{x}/{y}.png',
    ]) {
      expect(bad).not.toMatch(pattern);
    }
  });
});

/** Strings that look like credentials; each pattern names what it finds. */
const SECRET_PATTERNS: [string, RegExp][] = [
  ['AWS access key id', /\b(AKIA|ASIA)[0-9A-Z]{16}\b/],
  ['AWS secret access key', /aws_secret_access_key\s*[:=]\s*\S/i],
  ['X/Twitter app bearer token', /\bAAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{20,}/],
  ['JWT', /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\./],
  ['private key', /-----BEGIN [A-Z ]*PRIVATE KEY-----/],
  ['GitHub token', /\bgh[pousr]_[A-Za-z0-9]{30,}/],
  ['Slack token', /\bxox[abprs]-[A-Za-z0-9-]{10,}/],
  ['bearer header', /\bBearer\s+[A-Za-z0-9._~+/-]{20,}/],
];

function secretsIn(text: string): string[] {
  return SECRET_PATTERNS.filter(([, re]) => re.test(text)).map(([name]) => name);
}

const SECRETISH = /(token|secret|password|passwd|apikey|api_key|credential|private)/i;

describe('secrets', () => {
  const files = ['template.yaml', 'samconfig.toml'].filter((f) => existsSync(join(root, f)));

  it.each(files)('%s holds no credential-like string', (file) => {
    expect(secretsIn(readFileSync(join(root, file), 'utf8'))).toEqual([]);
  });

  it('the scanner finds the credentials it is meant to (the check can fail)', () => {
    const fakes = [
      'AKIAIOSFODNN7EXAMPLE',
      `AAAAAAAAAAAAAAAAAAAAA${'Bc1dE2fG3hI4'.repeat(4)}`,
      'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.sig',
      '-----BEGIN RSA PRIVATE KEY-----',
      `Authorization: Bearer ${'x'.repeat(32)}`,
    ];
    for (const fake of fakes) expect(secretsIn(`Default: ${fake}`)).not.toEqual([]);
  });

  it('parameters that could hold a secret are NoEcho, or only name where the secret is (an ARN)', () => {
    for (const [name, p] of Object.entries(template.Parameters) as [string, Json][]) {
      if (!SECRETISH.test(name)) continue;
      const reference = /(Arn|Name|Id)$/.test(name);
      expect({ name, ok: p.NoEcho === true || p.NoEcho === 'true' || reference }).toEqual({
        name,
        ok: true,
      });
      if (reference) expect(p.Default ?? '').toMatch(/^(arn:[^\s]+)?$/);
    }
  });

  it('no function gets a secret as a plain environment variable, only where to read it', () => {
    const globals = (template.Globals?.Function?.Environment as { Variables?: Json } | undefined)
      ?.Variables;
    const all = [
      ['Globals', globals ?? {}] as const,
      ...resourcesOfType(template, 'AWS::Serverless::Function').map(
        ([id, r]) =>
          [
            id,
            ((r.Properties?.Environment as { Variables?: Json } | undefined)?.Variables ??
              {}) as Json,
          ] as const,
      ),
    ];
    for (const [owner, vars] of all) {
      for (const [name, value] of Object.entries(vars)) {
        if (!SECRETISH.test(name)) continue;
        expect({
          owner,
          name,
          ok: /_(ARN|NAME|ID)$/.test(name) && typeof value !== 'string',
        }).toEqual({
          owner,
          name,
          ok: true,
        });
      }
    }
  });

  it('the API id is the only HTTP API (all routes above are checked)', () => {
    expect(resourcesOfType(template, 'AWS::Serverless::HttpApi').map(([id]) => id)).toEqual([
      apiId,
    ]);
    expect(resourcesOfType(template, 'AWS::ApiGatewayV2::Api')).toEqual([]);
    expect(resourcesOfType(template, 'AWS::Serverless::Api')).toEqual([]);
  });
});

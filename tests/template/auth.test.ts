import { resolveValue, type IntrinsicContext } from '../../local/template/intrinsics';
import { resolveTemplate } from '../../local/template';
import { SIGN_IN_SCOPE, TRACKS_WRITE_SCOPE } from '../../scripts/deploy/dashboard-auth';
import {
  loadTemplate,
  referencedIds,
  resourcesOfType,
  root,
  type CfnResource,
} from './template-loader';

const template = loadTemplate();
const props = (r: CfnResource | undefined): Record<string, unknown> => r?.Properties ?? {};
const only = (type: string): [string, CfnResource] => {
  const found = resourcesOfType(template, type);
  expect(found).toHaveLength(1);
  return found[0]!;
};

interface HttpApiEvent {
  Type: string;
  Properties: { Method: string; Path: string; Auth?: Record<string, unknown> };
}

/** Every HttpApi route of the template as `METHOD /path` with its Auth. */
function routes(): { key: string; auth: Record<string, unknown> | undefined }[] {
  return resourcesOfType(template, 'AWS::Serverless::Function').flatMap(([, fn]) =>
    Object.values((props(fn).Events ?? {}) as Record<string, HttpApiEvent>)
      .filter((e) => e.Type === 'HttpApi')
      .map((e) => ({
        key: `${e.Properties.Method.toUpperCase()} ${e.Properties.Path}`,
        auth: e.Properties.Auth,
      })),
  );
}

/** Evaluates a template value as CloudFormation would, for the given pseudo parameters. */
function evaluate(value: unknown, parameters: Record<string, unknown>): unknown {
  const ctx: IntrinsicContext = {
    parameters,
    mappings: {},
    condition: (name) => {
      if (name === 'HasAuthDomainPrefix') return parameters.AuthDomainPrefix !== '';
      throw new Error(`unexpected condition ${name}`);
    },
    ref: (id) => `<${id}>`,
    getAtt: (id, attr) => `<${id}.${attr}>`,
  };
  return resolveValue(value, ctx);
}

const api = template.Resources.HttpApi!;
const apiAuth = props(api).Auth as {
  Authorizers: Record<
    string,
    { IdentitySource: string; JwtConfiguration: { issuer: unknown; audience: unknown[] } }
  >;
  DefaultAuthorizer?: string;
  EnableIamAuthorizer?: boolean;
};
const [clientId, client] = only('AWS::Cognito::UserPoolClient');
const clientProps = props(client);

describe('sign-in for the /tracks writes (template.yaml)', () => {
  it('lets only an administrator create users, with a strong password policy', () => {
    const [, pool] = only('AWS::Cognito::UserPool');
    const p = props(pool);
    expect(p.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    const policy = (p.Policies as { PasswordPolicy: Record<string, unknown> }).PasswordPolicy;
    expect(policy.MinimumLength).toBeGreaterThanOrEqual(12);
    expect(policy).toMatchObject({
      RequireLowercase: true,
      RequireUppercase: true,
      RequireNumbers: true,
      RequireSymbols: true,
    });
  });

  it('gives the dashboard a public client: code grant only, no secret, no password API', () => {
    expect(clientProps.GenerateSecret).toBe(false);
    expect(clientProps.AllowedOAuthFlowsUserPoolClient).toBe(true);
    expect(clientProps.AllowedOAuthFlows).toEqual(['code']);
    expect(clientProps.SupportedIdentityProviders).toEqual(['COGNITO']);
    expect(clientProps.ExplicitAuthFlows).toEqual(['ALLOW_REFRESH_TOKEN_AUTH']);
    expect(clientProps.PreventUserExistenceErrors).toBe('ENABLED');
    expect(referencedIds(clientProps.UserPoolId)).toEqual(['UserPool']);
  });

  it('allows exactly the scopes the dashboard asks for, the write scope from the resource server', () => {
    const allowed = clientProps.AllowedOAuthScopes as string[];
    expect([...allowed].sort()).toEqual(SIGN_IN_SCOPE.split(' ').sort());
    const [serverId, server] = only('AWS::Cognito::UserPoolResourceServer');
    const s = props(server) as { Identifier: string; Scopes: { ScopeName: string }[] };
    const scopes = s.Scopes.map((x) => `${s.Identifier}/${x.ScopeName}`);
    expect(scopes).toContain(TRACKS_WRITE_SCOPE);
    // CloudFormation must create the scope before a client can be allowed it.
    expect((client as { DependsOn?: unknown }).DependsOn).toEqual(serverId);
  });

  it('redirects to the CloudFront dashboard, and to localhost:3000 only when asked', () => {
    const dashboardUrl = (template.Outputs.DashboardUrl!.Value as { 'Fn::Sub': string })['Fn::Sub'];
    for (const key of ['CallbackURLs', 'LogoutURLs']) {
      const urls = clientProps[key] as unknown[];
      expect(urls).toHaveLength(2);
      // The deploy script writes DashboardUrl + '/' as the redirect URI: it must match exactly.
      expect(urls[0]).toEqual({ 'Fn::Sub': `${dashboardUrl}/` });
      expect(urls[1]).toEqual({
        'Fn::If': ['SignInFromLocalhostOn', 'http://localhost:3000/', { Ref: 'AWS::NoValue' }],
      });
    }
    expect(template.Parameters.SignInFromLocalhost?.Default).toBe('false');
    expect(template.Conditions?.SignInFromLocalhostOn).toEqual({
      'Fn::Equals': [{ Ref: 'SignInFromLocalhost' }, 'true'],
    });
  });

  it('puts the hosted pages on a valid domain prefix, given or derived', () => {
    const [, domain] = only('AWS::Cognito::UserPoolDomain');
    const param = template.Parameters.AuthDomainPrefix as { AllowedPattern?: string };
    const pattern = new RegExp(String(param.AllowedPattern));
    const base = {
      'AWS::AccountId': '123456789012',
      'AWS::StackId':
        'arn:aws:cloudformation:us-east-1:123456789012:stack/Social-AWS/51af3dc0-da77-11e4-872e-1234567db123',
    };
    const derived = evaluate(props(domain).Domain, { ...base, AuthDomainPrefix: '' });
    expect(derived).toBe('social-stream-123456789012-51af3dc0');
    expect(String(derived)).toMatch(pattern);
    expect(String(derived)).not.toMatch(/aws|amazon|cognito/);
    expect(String(derived).length).toBeLessThanOrEqual(63);
    expect(evaluate(props(domain).Domain, { ...base, AuthDomainPrefix: 'my-team' })).toBe(
      'my-team',
    );
    for (const ok of ['', 'my-team', 'a1']) expect(ok).toMatch(pattern);
    for (const bad of ['My-Team', '-a', 'a-', 'a_b', 'a'.repeat(64)]) {
      expect(bad).not.toMatch(pattern);
    }
  });

  it('declares a JWT authorizer for the pool and the dashboard client, and no default', () => {
    expect(apiAuth.DefaultAuthorizer).toBeUndefined();
    expect(apiAuth.EnableIamAuthorizer).toBeUndefined();
    const authorizer = apiAuth.Authorizers.CognitoAuthorizer!;
    expect(authorizer.IdentitySource).toBe('$request.header.Authorization');
    expect(authorizer.JwtConfiguration.issuer).toEqual({
      'Fn::Sub': 'https://cognito-idp.${AWS::Region}.amazonaws.com/${UserPool}',
    });
    expect(authorizer.JwtConfiguration.audience).toEqual([{ Ref: clientId }]);
    expect(template.Outputs.AuthIssuer!.Value).toEqual(authorizer.JwtConfiguration.issuer);
  });

  it('guards exactly POST /tracks and DELETE /tracks/{term} with the write scope, and GET /history/{query}', () => {
    const all = routes();
    const guarded = all.filter((r) => r.auth !== undefined);
    expect(guarded.map((r) => r.key).sort()).toEqual([
      'DELETE /tracks/{term}',
      'GET /history/{query}',
      'POST /tracks',
    ]);
    for (const r of guarded.filter((g) => g.key.includes('/tracks'))) {
      expect(r.auth).toEqual({
        Authorizer: 'CognitoAuthorizer',
        AuthorizationScopes: [TRACKS_WRITE_SCOPE],
      });
    }
    // Each history query costs Athena time and bytes scanned: any signed-in user of the pool.
    expect(guarded.find((r) => r.key === 'GET /history/{query}')?.auth).toEqual({
      Authorizer: 'CognitoAuthorizer',
    });
    expect(all.map((r) => r.key)).toContain('GET /tracks');
    expect(JSON.stringify(template)).not.toContain('AWS_IAM');
  });

  it('lets the dashboard origin send POST/DELETE with an Authorization header (CORS)', () => {
    const cors = props(api).CorsConfiguration as {
      AllowOrigins: unknown[];
      AllowMethods: string[];
      AllowHeaders: string[];
      AllowCredentials?: boolean;
    };
    expect([...cors.AllowMethods].sort()).toEqual(['DELETE', 'GET', 'OPTIONS', 'POST']);
    expect(cors.AllowHeaders.map((h) => h.toLowerCase()).sort()).toEqual([
      'authorization',
      'content-type',
    ]);
    expect(cors.AllowOrigins).not.toContain('*');
    expect(referencedIds(cors.AllowOrigins)).toContain('DashboardDistribution');
    // A bearer token, not a cookie: credentials mode stays off.
    expect(cors.AllowCredentials).not.toBe(true);
  });

  it("lets the dashboard's CSP reach the hosted pages' token endpoint", () => {
    const [, headers] = only('AWS::CloudFront::ResponseHeadersPolicy');
    const csp = JSON.stringify(props(headers));
    expect(csp).toMatch(/connect-src[^;]*https:\/\/\$\{UserPoolDomain\}\.auth\.\$\{AWS::Region\}/);
  });

  it('outputs what the dashboard deploy needs', () => {
    expect(referencedIds(template.Outputs.UserPoolId!.Value)).toEqual(['UserPool']);
    expect(referencedIds(template.Outputs.UserPoolClientId!.Value)).toEqual([clientId]);
    expect(template.Outputs.AuthDomain!.Value).toEqual({
      'Fn::Sub': 'https://${UserPoolDomain}.auth.${AWS::Region}.amazoncognito.com',
    });
  });

  it('runs locally with the writes open and the Cognito resources skipped', () => {
    const local = resolveTemplate({ root, skipDefinitions: true });
    const keys = local.routes.map((r) => `${r.method} ${r.path}`);
    expect(keys).toEqual(
      expect.arrayContaining(['GET /tracks', 'POST /tracks', 'DELETE /tracks/{term}']),
    );
    expect(local.cors?.allowMethods).toEqual(expect.arrayContaining(['POST', 'DELETE']));
    const ignored = local.warnings.join('\n');
    for (const type of ['UserPool', 'UserPoolClient', 'UserPoolDomain']) {
      expect(ignored).toContain(`(AWS::Cognito::${type})`);
    }
  });
});

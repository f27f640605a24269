import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployDashboard } from '../../../scripts/deploy/dashboard';
import { authConfigFromOutputs, SIGN_IN_SCOPE } from '../../../scripts/deploy/dashboard-auth';
import { connectSources, withConnectPolicy } from '../../../scripts/deploy/dashboard-csp';
import { cacheControlOf, planDashboardUpload } from '../../../scripts/deploy/dashboard-plan';
import { findRepoRoot } from '../../../local/paths';

const outputs = {
  ApiUrl: 'https://abc.execute-api.us-east-1.amazonaws.com/',
  DashboardBucketName: 'dash-bucket',
  DashboardDistributionId: 'E123',
  DashboardUrl: 'https://d111.cloudfront.net',
  UserPoolId: 'us-east-1_Abc123',
  UserPoolClientId: 'client123',
  AuthIssuer: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
  AuthDomain: 'https://social-stream-123456789012-1c2fa620.auth.us-east-1.amazoncognito.com',
};

const expectedAuth = {
  authority: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_Abc123',
  domain: 'https://social-stream-123456789012-1c2fa620.auth.us-east-1.amazoncognito.com',
  clientId: 'client123',
  redirectUri: 'https://d111.cloudfront.net/',
  scope: 'openid tracks/write',
};

/** The shape of Angular's production index.html. */
const INDEX_HTML =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title>' +
  '<link rel="stylesheet" href="styles-ABCD1234.css"></head><body><app-root></app-root>' +
  '<script src="main-ABCD1234.js" type="module"></script></body></html>';

function build(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dash-'));
  mkdirSync(join(dir, 'media'));
  writeFileSync(join(dir, 'index.html'), INDEX_HTML);
  writeFileSync(join(dir, 'main-ABCD1234.js'), 'console.log(1)');
  writeFileSync(join(dir, 'media', 'marker-icon-2V3QKKVC.png'), 'png');
  writeFileSync(join(dir, 'config.json'), '{"apiBaseUrl":"/api"}');
  return dir;
}

describe('dashboard deploy plan', () => {
  it('caches hashed assets forever and index.html/config.json never', () => {
    expect(cacheControlOf('main-ABCD1234.js')).toContain('immutable');
    expect(cacheControlOf('index.html')).toBe('no-cache');
    expect(cacheControlOf('config.json')).toBe('no-cache');
    expect(cacheControlOf('favicon.ico')).toBe('public, max-age=3600');
  });

  it("replaces the build's config.json by one written from the stack's Outputs", () => {
    const items = planDashboardUpload(
      [
        { key: 'index.html', file: '/b/index.html' },
        { key: 'config.json', file: '/b/config.json' },
      ],
      { apiBaseUrl: 'https://api.example' },
    );
    const config = items.filter((i) => i.key === 'config.json');
    expect(config).toHaveLength(1);
    expect(JSON.parse(config[0]!.body!)).toEqual({ apiBaseUrl: 'https://api.example' });
    expect(items.find((i) => i.key === 'index.html')?.contentType).toMatch(/^text\/html/);
  });
});

describe("the deployed dashboard's Content-Security-Policy", () => {
  const policyOf = (html: string): string | undefined =>
    /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];

  it("connects to itself, the stack's own API host and its sign-in domain, and nothing else", () => {
    const sources = connectSources(outputs.ApiUrl, outputs.AuthDomain);
    expect(sources).toEqual([
      "'self'",
      'https://abc.execute-api.us-east-1.amazonaws.com',
      'https://social-stream-123456789012-1c2fa620.auth.us-east-1.amazoncognito.com',
    ]);
    const html = withConnectPolicy(INDEX_HTML, sources);
    expect(policyOf(html)).toBe(`connect-src ${sources.join(' ')}`);
    expect(policyOf(html)).not.toMatch(/\*/);
    // Ahead of everything that loads, right after the charset.
    expect(html.indexOf('Content-Security-Policy')).toBeLessThan(html.indexOf('<link'));
    expect(html.indexOf('<meta charset')).toBeLessThan(html.indexOf('Content-Security-Policy'));
    expect(withConnectPolicy(INDEX_HTML, sources).replace(/<meta http-equiv[^>]*>/, '')).toBe(
      INDEX_HTML,
    );
  });

  it("goes into the real dashboard's index.html", () => {
    const real = readFileSync(join(findRepoRoot(), 'frontend', 'src', 'index.html'), 'utf8');
    const html = withConnectPolicy(real, connectSources(outputs.ApiUrl));
    expect(policyOf(html)).toBe(
      "connect-src 'self' https://abc.execute-api.us-east-1.amazonaws.com",
    );
  });

  it.each([
    "https://a.example; script-src 'unsafe-inline'",
    'https://a.example https://b.example',
    'https://*.execute-api.us-east-1.amazonaws.com',
    'http://a.example',
    '*',
    "'unsafe-inline'",
  ])('refuses the source %s', (source) => {
    expect(() => withConnectPolicy(INDEX_HTML, ["'self'", source])).toThrow(/Not a CSP source/);
  });

  it('refuses an API that is not https, and a page without <head>', () => {
    expect(() => connectSources('http://abc.execute-api.us-east-1.amazonaws.com')).toThrow(/https/);
    expect(() => connectSources('not a url')).toThrow(/not a URL/);
    expect(() => withConnectPolicy('<html></html>', ["'self'"])).toThrow(/<head>/);
  });
});

describe('sign-in settings from the Outputs', () => {
  it('names the pool, the hosted pages, the client and the dashboard as the redirect', () => {
    expect(authConfigFromOutputs(outputs)).toEqual(expectedAuth);
    expect(SIGN_IN_SCOPE.split(' ')).toEqual(['openid', 'tracks/write']);
  });

  it('normalizes trailing slashes: one on the redirect URI (as registered), none elsewhere', () => {
    const auth = authConfigFromOutputs({
      ...outputs,
      AuthDomain: `${outputs.AuthDomain}/`,
      DashboardUrl: 'https://d111.cloudfront.net/',
    });
    expect(auth?.domain).toBe(expectedAuth.domain);
    expect(auth?.redirectUri).toBe('https://d111.cloudfront.net/');
  });

  it.each(['AuthIssuer', 'AuthDomain', 'UserPoolClientId', 'DashboardUrl'])(
    'is absent when the stack lacks %s (deployed before sign-in existed)',
    (key) => {
      const partial: Record<string, string> = { ...outputs };
      delete partial[key];
      expect(authConfigFromOutputs(partial)).toBeUndefined();
    },
  );
});

describe('deployDashboard', () => {
  const s3 = mockClient(S3Client);
  const cf = mockClient(CloudFrontClient);
  const cfn = mockClient(CloudFormationClient);

  beforeEach(() => {
    s3.reset();
    cf.reset();
    cfn.reset();
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 's',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: Object.entries(outputs).map(([OutputKey, OutputValue]) => ({
            OutputKey,
            OutputValue,
          })),
        },
      ],
    });
    s3.on(ListObjectsV2Command).resolves({
      Contents: [{ Key: 'index.html' }, { Key: 'main-OLD00000.js' }],
    });
  });

  it('syncs the build, writes config.json, removes stale files and invalidates', async () => {
    const lines: string[] = [];
    await deployDashboard({
      root: '/nowhere',
      buildDir: build(),
      stackName: 's',
      region: 'us-east-1',
      s3: new S3Client({}),
      cloudFront: new CloudFrontClient({}),
      cloudFormation: new CloudFormationClient({}),
      log: (l) => lines.push(l),
    });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.Key).sort()).toEqual([
      'config.json',
      'index.html',
      'main-ABCD1234.js',
      'media/marker-icon-2V3QKKVC.png',
    ]);
    expect(puts.every((p) => p.Bucket === 'dash-bucket')).toBe(true);
    const index = puts.find((p) => p.Key === 'index.html')!;
    expect(String(index.Body)).toContain(
      `content="connect-src 'self' https://abc.execute-api.us-east-1.amazonaws.com ${outputs.AuthDomain}"`,
    );
    const config = puts.find((p) => p.Key === 'config.json')!;
    expect(JSON.parse(String(config.Body))).toEqual({
      apiBaseUrl: 'https://abc.execute-api.us-east-1.amazonaws.com',
      auth: expectedAuth,
    });
    expect(s3).toHaveReceivedCommandWith(DeleteObjectsCommand, {
      Bucket: 'dash-bucket',
      Delete: { Objects: [{ Key: 'main-OLD00000.js' }] },
    });
    expect(cf).toHaveReceivedCommandWith(CreateInvalidationCommand, {
      DistributionId: 'E123',
    });
    expect(lines.at(-1)).toContain('https://d111.cloudfront.net');
  });

  it('writes no auth, and says why, for a stack without the sign-in outputs', async () => {
    cfn.on(DescribeStacksCommand).resolves({
      Stacks: [
        {
          StackName: 's',
          CreationTime: new Date(),
          StackStatus: 'CREATE_COMPLETE',
          Outputs: Object.entries(outputs)
            .filter(([k]) => !k.startsWith('Auth'))
            .map(([OutputKey, OutputValue]) => ({ OutputKey, OutputValue })),
        },
      ],
    });
    const lines: string[] = [];
    await deployDashboard({
      root: '/nowhere',
      buildDir: build(),
      stackName: 's',
      region: 'us-east-1',
      s3: new S3Client({}),
      cloudFront: new CloudFrontClient({}),
      cloudFormation: new CloudFormationClient({}),
      log: (l) => lines.push(l),
    });
    const config = s3
      .commandCalls(PutObjectCommand)
      .map((c) => c.args[0].input)
      .find((p) => p.Key === 'config.json')!;
    expect(JSON.parse(String(config.Body))).not.toHaveProperty('auth');
    expect(lines.join('\n')).toMatch(/no sign-in outputs/);
  });

  it('fails clearly when the stack has no dashboard outputs', async () => {
    cfn.on(DescribeStacksCommand).resolves({ Stacks: [] });
    await expect(
      deployDashboard({
        root: '/nowhere',
        buildDir: build(),
        stackName: 's',
        region: 'us-east-1',
        s3: new S3Client({}),
        cloudFront: new CloudFrontClient({}),
        cloudFormation: new CloudFormationClient({}),
        log: () => undefined,
      }),
    ).rejects.toThrow(/DashboardBucketName/);
    expect(s3).not.toHaveReceivedCommand(PutObjectCommand);
  });
});

import { CloudFrontClient, CreateInvalidationCommand } from '@aws-sdk/client-cloudfront';
import {
  DeleteObjectsCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { execSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { findRepoRoot } from '../../local/paths';
import { describeStackOutputs } from '../stack-outputs';
import { authConfigFromOutputs, type DashboardAuthConfig } from './dashboard-auth';
import { connectSources, withConnectPolicy } from './dashboard-csp';
import { planDashboardUpload, staleKeys, type DashboardConfig } from './dashboard-plan';

/**
 * `npm run deploy:dashboard`: builds the dashboard, syncs it to the stack's private bucket,
 * writes config.json from the stack's Outputs and invalidates the two uncached files.
 */

export interface DeployDashboardOptions {
  root: string;
  buildDir: string;
  stackName?: string;
  region?: string;
  tileUrl?: string;
  tileAttribution?: string;
  s3?: Pick<S3Client, 'send'>;
  cloudFront?: Pick<CloudFrontClient, 'send'>;
  cloudFormation?: Parameters<typeof describeStackOutputs>[0]['cloudFormation'];
  log?: (line: string) => void;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = join(dir, name);
    return statSync(file).isDirectory() ? listFiles(file) : [file];
  });
}

export async function deployDashboard(opts: DeployDashboardOptions): Promise<{ url: string }> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const { stackName, region, outputs } = await describeStackOutputs(opts);
  const bucket = outputs.DashboardBucketName;
  const distribution = outputs.DashboardDistributionId;
  const apiUrl = outputs.ApiUrl;
  if (!bucket || !distribution || !apiUrl) {
    throw new Error(
      `Stack ${stackName} lacks DashboardBucketName, DashboardDistributionId or ApiUrl outputs: deploy it with \`sam deploy\` first.`,
    );
  }
  const auth = authConfigFromOutputs(outputs);
  const config: DashboardConfig & { auth?: DashboardAuthConfig } = {
    apiBaseUrl: apiUrl.replace(/\/$/, ''),
    ...(opts.tileUrl ? { tileUrl: opts.tileUrl } : {}),
    ...(opts.tileAttribution ? { tileAttribution: opts.tileAttribution } : {}),
    ...(auth ? { auth } : {}),
  };
  if (!auth) {
    log(
      `Stack ${stackName} has no sign-in outputs (UserPoolClientId, AuthIssuer, AuthDomain): the dashboard cannot change tracking until it is redeployed.`,
    );
  }
  const files = listFiles(opts.buildDir).map((file) => ({
    key: relative(opts.buildDir, file).split(sep).join('/'),
    file,
  }));
  const index = files.find((f) => f.key === 'index.html');
  if (!index) throw new Error(`${opts.buildDir} has no index.html: build the dashboard first.`);
  const connect = connectSources(apiUrl, auth?.domain);
  const items = planDashboardUpload(files, config, {
    'index.html': withConnectPolicy(readFileSync(index.file, 'utf8'), connect),
  });
  const s3 = opts.s3 ?? new S3Client({ region });
  const cloudFront = opts.cloudFront ?? new CloudFrontClient({ region });

  for (const item of items) {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: item.key,
        Body: item.body ?? readFileSync(item.file!),
        ContentType: item.contentType,
        CacheControl: item.cacheControl,
      }),
    );
  }
  log(`uploaded ${items.length} files to s3://${bucket}`);

  const existing: string[] = [];
  let token: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }),
    );
    existing.push(...(page.Contents ?? []).map((o) => o.Key ?? '').filter(Boolean));
    token = page.NextContinuationToken;
  } while (token);
  const stale = staleKeys(existing, items);
  for (let i = 0; i < stale.length; i += 1000) {
    await s3.send(
      new DeleteObjectsCommand({
        Bucket: bucket,
        Delete: { Objects: stale.slice(i, i + 1000).map((Key) => ({ Key })) },
      }),
    );
  }
  if (stale.length) log(`removed ${stale.length} files of older builds`);

  await cloudFront.send(
    new CreateInvalidationCommand({
      DistributionId: distribution,
      InvalidationBatch: {
        CallerReference: `deploy-${Date.now()}`,
        Paths: { Quantity: 2, Items: ['/index.html', '/config.json'] },
      },
    }),
  );
  const url = outputs.DashboardUrl ?? '';
  log(`Content-Security-Policy of index.html: connect-src ${connect.join(' ')}`);
  log(`Dashboard: ${url} (API ${config.apiBaseUrl}${auth ? `, sign-in ${auth.domain}` : ''})`);
  return { url };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'stack-name': { type: 'string' },
      region: { type: 'string' },
      'tile-url': { type: 'string' },
      'tile-attribution': { type: 'string' },
      'skip-build': { type: 'boolean', default: false },
    },
  });
  const root = findRepoRoot();
  if (!values['skip-build']) execSync('npm run build:frontend', { cwd: root, stdio: 'inherit' });
  await deployDashboard({
    root,
    buildDir: join(root, 'frontend', 'dist', 'browser'),
    stackName: values['stack-name'],
    region: values.region,
    tileUrl: values['tile-url'],
    tileAttribution: values['tile-attribution'],
  });
}

if (process.argv[1]?.endsWith('dashboard.ts')) {
  main().catch((err: unknown) => {
    console.error((err as Error).message);
    process.exit(1);
  });
}

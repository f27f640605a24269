import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import aslValidator from 'asl-validator';
import {
  loadTemplate,
  referencedIds,
  resourcesOfType,
  root,
  type CfnResource,
} from './template-loader';
import { esbuildTarget } from '../../local/runtime/node-runtime';

const template = loadTemplate();
const functions = resourcesOfType(template, 'AWS::Serverless::Function');
const props = (r: CfnResource): Record<string, unknown> => r.Properties ?? {};

describe('template.yaml', () => {
  it('declares the core resources', () => {
    const types = Object.values(template.Resources).map((r) => r.Type);
    expect(types).toEqual(
      expect.arrayContaining([
        'AWS::Kinesis::Stream',
        'AWS::DynamoDB::Table',
        'AWS::SQS::Queue',
        'AWS::Serverless::StateMachine',
        'AWS::Serverless::HttpApi',
      ]),
    );
    expect(functions.length).toBeGreaterThanOrEqual(6);
  });

  it('sets Globals: nodejs22.x on arm64 with active tracing and source maps', () => {
    const g = template.Globals?.Function ?? {};
    expect(g.Runtime).toBe('nodejs22.x');
    expect(g.Architectures).toEqual(['arm64']);
    expect(g.Tracing).toBe('Active');
    const vars = (g.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(vars.NODE_OPTIONS).toContain('--enable-source-maps');
  });

  it('has the documented parameters and outputs', () => {
    expect(Object.keys(template.Parameters)).toEqual(
      expect.arrayContaining([
        'StreamMode',
        'StreamShardCount',
        'SentimentEngine',
        'RetentionDays',
      ]),
    );
    expect(template.Parameters.SentimentEngine!.AllowedValues).toEqual([
      'builtin',
      'comprehend',
      'onnx',
    ]);
    expect(Object.keys(template.Outputs)).toEqual(
      expect.arrayContaining([
        'ApiUrl',
        'StreamName',
        'PostsTableName',
        'StatsTableName',
        'StateMachineArn',
        'DeadLetterQueueUrl',
      ]),
    );
  });

  it('refers only to resources, parameters and pseudo parameters that exist', () => {
    const known = new Set([
      ...Object.keys(template.Resources),
      ...Object.keys(template.Parameters),
      'AWS::Region',
      'AWS::AccountId',
      'AWS::StackName',
      'AWS::StackId',
      'AWS::URLSuffix',
      'AWS::Partition',
      'AWS::NoValue',
    ]);
    const refs = referencedIds({ r: template.Resources, o: template.Outputs });
    expect(refs.filter((id) => !known.has(id))).toEqual([]);
  });

  it('hard-codes no resource names', () => {
    const nameKeys = [
      'TableName',
      'QueueName',
      'FunctionName',
      'Name',
      'StateMachineName',
      'BucketName',
    ];
    for (const [id, r] of Object.entries(template.Resources)) {
      if (r.Type.startsWith('AWS::Logs::')) continue;
      for (const key of nameKeys) {
        const value = props(r)[key];
        expect({ id, key, literal: typeof value === 'string' }).toEqual({
          id,
          key,
          literal: false,
        });
      }
    }
  });

  it("bundles benchmarks of function code for the functions' runtime (package.json esbuild scripts)", () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const targets = Object.values(pkg.scripts).flatMap((s) =>
      [...s.matchAll(/\besbuild\b[^&|;]*--target=(\S+)/g)].map((m) => m[1]),
    );
    expect(targets.length).toBeGreaterThan(0);
    const runtime = String(template.Globals?.Function?.Runtime);
    expect(new Set(targets)).toEqual(new Set([esbuildTarget(runtime)]));
  });

  describe.each(functions)('function %s', (id, fn) => {
    const entry = (fn.Metadata?.BuildProperties as { EntryPoints?: string[] } | undefined)
      ?.EntryPoints?.[0];

    it('is built with esbuild with source maps from an entry point that exists', () => {
      expect(fn.Metadata?.BuildMethod).toBe('esbuild');
      expect((fn.Metadata?.BuildProperties as { Sourcemap?: boolean }).Sourcemap).toBe(true);
      expect(entry).toBeDefined();
      expect(existsSync(join(root, entry!))).toBe(true);
    });

    it("targets the Node.js major of its runtime (sam build's esbuild Target)", () => {
      const runtime = String(props(fn).Runtime ?? template.Globals?.Function?.Runtime);
      const target = (fn.Metadata?.BuildProperties as { Target?: string }).Target;
      expect(target).toBe(esbuildTarget(runtime));
    });

    it('exports the handler its Handler property names', () => {
      const [file, exportName] = String(props(fn).Handler).split('.');
      expect(entry!.replace(/^.*\//, '').replace(/\.ts$/, '')).toBe(file);
      const source = readFileSync(join(root, entry!), 'utf8');
      expect(source).toMatch(
        new RegExp(
          `export (const|async function|function) ${exportName}\\b|export \\{[^}]*\\b${exportName}\\b`,
        ),
      );
    });

    it('is found from its name: functions/<folder>/<logical id in kebab case>.ts, Handler <that>.handler', () => {
      const base = id
        .replace(/Function$/, '')
        .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
        .toLowerCase();
      expect(props(fn).Handler).toBe(`${base}.handler`);
      expect(entry).toMatch(new RegExp(`^functions/[a-z-]+/${base}\\.ts$`));
    });

    it('logs to its own log group with a retention', () => {
      const logGroup = (props(fn).LoggingConfig as { LogGroup?: { Ref: string } } | undefined)
        ?.LogGroup?.Ref;
      expect(logGroup).toBeDefined();
      const group = template.Resources[logGroup!];
      expect(group?.Type).toBe('AWS::Logs::LogGroup');
      expect(props(group!).RetentionInDays).toBeDefined();
      expect(group!.Condition).toBe(fn.Condition);
    });

    it('has event sources that point at real resources', () => {
      const events = (props(fn).Events ?? {}) as Record<
        string,
        { Type: string; Properties: Record<string, unknown> }
      >;
      for (const ev of Object.values(events)) {
        if (ev.Type === 'Kinesis') {
          const [stream] = referencedIds(ev.Properties.Stream);
          expect(template.Resources[stream!]?.Type).toBe('AWS::Kinesis::Stream');
        } else if (ev.Type === 'DynamoDB') {
          const [table] = referencedIds(ev.Properties.Stream);
          const t = template.Resources[table!];
          expect(t?.Type).toBe('AWS::DynamoDB::Table');
          expect(props(t!).StreamSpecification).toBeDefined();
        } else if (ev.Type === 'HttpApi') {
          const [api] = referencedIds(ev.Properties.ApiId);
          expect(template.Resources[api!]?.Type).toBe('AWS::Serverless::HttpApi');
          expect(String(ev.Properties.Path)).toMatch(/^\//);
        } else if (ev.Type === 'Schedule' || ev.Type === 'ScheduleV2') {
          expect(String(ev.Properties.Schedule ?? ev.Properties.ScheduleExpression)).toMatch(
            /^(rate|cron)\(/,
          );
        } else {
          throw new Error(`${id}: unexpected event type ${ev.Type}`);
        }
      }
    });
  });

  it('stream event sources report partial failures, bisect, retry a bounded number of times and have a DLQ', () => {
    for (const [, fn] of functions) {
      const events = (props(fn).Events ?? {}) as Record<
        string,
        { Type: string; Properties: Record<string, unknown> }
      >;
      for (const ev of Object.values(events)) {
        if (ev.Type !== 'Kinesis' && ev.Type !== 'DynamoDB') continue;
        expect(ev.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
        expect(ev.Properties.BisectBatchOnFunctionError).toBe(true);
        expect(ev.Properties.MaximumRetryAttempts).toBeGreaterThanOrEqual(1);
        expect(ev.Properties.MaximumRetryAttempts).toBeLessThanOrEqual(10);
        const dest = (ev.Properties.DestinationConfig as { OnFailure: { Destination: unknown } })
          .OnFailure.Destination;
        const [queue] = referencedIds(dest);
        expect(template.Resources[queue!]?.Type).toBe('AWS::SQS::Queue');
      }
    }
  });

  const streamFilter = (logicalId: string): unknown => {
    const ev = Object.values(
      props(template.Resources[logicalId]!).Events as Record<
        string,
        { Properties: Record<string, unknown> }
      >,
    )[0]!;
    const filters = (ev.Properties.FilterCriteria as { Filters: { Pattern: string }[] }).Filters;
    return JSON.parse(filters[0]!.Pattern);
  };

  const eventsOf = (
    logicalId: string,
  ): [string, { Type: string; Properties: Record<string, unknown> }][] =>
    Object.entries(
      (props(template.Resources[logicalId]!).Events ?? {}) as Record<
        string,
        { Type: string; Properties: Record<string, unknown> }
      >,
    );

  it('enriches, stores and counts new posts from the Kinesis stream: Ingest runs the workflow', () => {
    const ingest = props(template.Resources.IngestFunction!);
    const vars = (ingest.Environment as { Variables: Record<string, unknown> }).Variables;
    expect(vars.STATE_MACHINE_ARN).toEqual({ Ref: 'EnrichStateMachine' });
    // Every record reaches Ingest (no filter): it tells new posts from the ids already stored,
    // tombstones included (functions/ingest/store.ts), before it starts the workflow.
    const events = eventsOf('IngestFunction');
    expect(events.map(([, e]) => e.Type)).toEqual(['Kinesis']);
    const mapping = events[0]![1].Properties;
    expect(referencedIds(mapping.Stream)).toEqual(['PostsStream']);
    expect(mapping.FilterCriteria).toBeUndefined();
    expect(mapping).toMatchObject({
      // Counters a batch's posts share are written once per batch: large batches share them
      // among more posts (Lambda's 6 MB payload caps a batch of demo posts near 4,000).
      BatchSize: 5000,
      MaximumBatchingWindowInSeconds: { Ref: 'CountingBatchWindowSeconds' },
      MaximumRetryAttempts: 5,
    });
    expect(template.Parameters.CountingBatchWindowSeconds).toMatchObject({ Default: 0 });
    // Executions run two at a time: several worst-case ones fit in an invocation (a batch whose
    // executions all take their worst case times out and is bisected).
    const [, machine] = resourcesOfType(template, 'AWS::Serverless::StateMachine')[0]!;
    const definition = JSON.parse(
      readFileSync(join(root, String(props(machine).DefinitionUri)), 'utf8'),
    ) as { TimeoutSeconds: number };
    expect(ingest.Timeout).toBe(300);
    expect(ingest.Timeout).toBeGreaterThanOrEqual(3 * definition.TimeoutSeconds);
    // Persist writes the post items now, so every function is given their retention.
    const globals = (
      template.Globals?.Function?.Environment as {
        Variables: Record<string, unknown>;
      }
    ).Variables;
    expect(globals.RETENTION_DAYS).toEqual({ Ref: 'RetentionDays' });
    expect(vars).not.toHaveProperty('RETENTION_DAYS');
  });

  it("has no consumer of PostsTable's stream but the tombstones", () => {
    const consumers = functions
      .filter(([id]) => eventsOf(id).some(([, e]) => e.Type === 'DynamoDB'))
      .map(([id]) => id);
    expect(consumers).toEqual(['TombstoneFunction']);
    expect(template.Resources.EnrichFunction).toBeUndefined();
  });

  it('leaves a tombstone for removed posts (REMOVE), not for expiring tombstones', () => {
    expect(streamFilter('TombstoneFunction')).toEqual({
      eventName: ['REMOVE'],
      dynamodb: { OldImage: { tombstone: { BOOL: [{ exists: false }] } } },
    });
    // The filter reads the removed item's old image; nothing reads a new image any more.
    expect(props(template.Resources.PostsTable!).StreamSpecification).toMatchObject({
      StreamViewType: 'OLD_IMAGE',
    });
    expect(template.Parameters.DedupeDays).toMatchObject({ Default: 400 });
  });

  it('serves the dashboard from a private bucket through CloudFront with origin access control', () => {
    const [, bucket] = resourcesOfType(template, 'AWS::S3::Bucket')[0]!;
    expect(props(bucket).PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    const [, distribution] = resourcesOfType(template, 'AWS::CloudFront::Distribution')[0]!;
    const config = props(distribution).DistributionConfig as {
      Origins: { OriginAccessControlId: unknown }[];
      DefaultCacheBehavior: { ViewerProtocolPolicy: string; ResponseHeadersPolicyId: unknown };
    };
    const [oac] = referencedIds(config.Origins[0]!.OriginAccessControlId);
    expect(template.Resources[oac!]?.Type).toBe('AWS::CloudFront::OriginAccessControl');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
    const [headers] = referencedIds(config.DefaultCacheBehavior.ResponseHeadersPolicyId);
    const csp = JSON.stringify(props(template.Resources[headers!]!));
    expect(csp).toContain("script-src 'self'");
    const cors = JSON.stringify(props(template.Resources.HttpApi!).CorsConfiguration);
    expect(cors).toContain('DashboardDistribution.DomainName');
    expect(cors).not.toContain('"*"');
  });

  describe('state machine', () => {
    const [, machine] = resourcesOfType(template, 'AWS::Serverless::StateMachine')[0]!;
    const p = props(machine);
    const definitionText = readFileSync(join(root, String(p.DefinitionUri)), 'utf8');
    const substitutions = p.DefinitionSubstitutions as Record<string, unknown>;

    it('is EXPRESS', () => {
      expect(p.Type).toBe('EXPRESS');
    });

    it('uses every DefinitionSubstitution, and each resolves to a template resource or an SDK integration', () => {
      const used = [...definitionText.matchAll(/\$\{([A-Za-z0-9]+)\}/g)].map((m) => m[1]!);
      expect(new Set(used)).toEqual(new Set(Object.keys(substitutions)));
      for (const [name, value] of Object.entries(substitutions)) {
        const ids = referencedIds(value);
        expect({ name, ids: ids.length }).not.toEqual({ name, ids: 0 });
        for (const ref of ids) expect(template.Resources[ref]).toBeDefined();
      }
    });

    it('validates with asl-validator once substituted', () => {
      const arn = (name: string): string =>
        `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
      const substituted = definitionText.replace(/\$\{([A-Za-z0-9]+)\}/g, (_m, name: string) =>
        arn(name),
      );
      const result = aslValidator(JSON.parse(substituted));
      expect(result.errorsText()).toBe('');
      expect(result.isValid).toBe(true);
    });

    it('gives every Task a Retry and a Catch', () => {
      const tasks: [string, Record<string, unknown>][] = [];
      const walk = (states: Record<string, Record<string, unknown>>): void => {
        for (const [name, s] of Object.entries(states)) {
          if (s.Type === 'Task') tasks.push([name, s]);
          const nested = (s.ItemProcessor ?? s.Iterator) as
            { States?: Record<string, Record<string, unknown>> } | undefined;
          if (nested?.States) walk(nested.States);
          for (const b of (s.Branches as
            { States: Record<string, Record<string, unknown>> }[] | undefined) ?? [])
            walk(b.States);
        }
      };
      walk(JSON.parse(definitionText).States);
      expect(tasks.length).toBeGreaterThanOrEqual(5);
      for (const [name, task] of tasks) {
        expect({ name, retry: Array.isArray(task.Retry) }).toEqual({ name, retry: true });
        expect({ name, catch: Array.isArray(task.Catch) }).toEqual({ name, catch: true });
      }
    });
  });
});

describe('function code', () => {
  it.each(functions)('%s uses the shared Powertools module', (_id, fn) => {
    const entry = (fn.Metadata?.BuildProperties as { EntryPoints: string[] }).EntryPoints[0]!;
    const source = readFileSync(join(root, entry), 'utf8');
    // Directly, or through the API's shared wrapper (functions/shared/http.ts), which uses it.
    expect(source).toMatch(/shared\/(powertools|http)'/);
  });
});

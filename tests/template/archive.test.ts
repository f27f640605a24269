import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { archivePartition } from '../../functions/domain/archive';
import { FIRST_DAY } from '../../functions/history/params';
import {
  ARCHIVE_COLUMNS,
  ARCHIVE_PARTITION_KEYS,
  ARCHIVE_TABLE,
  POSTS_VIEW,
} from '../../functions/domain/archive-schema';
import { parseNamedQuery, sqlBody } from '../../functions/domain/named-queries';
import { parseLayout, partitionValue } from '../../local/services/firehose-layout';
import { resolveTemplate } from '../../local/template';
import { resolveValue, type IntrinsicContext } from '../../local/template/intrinsics';
import {
  loadTemplate,
  referencedIds,
  resourcesOfType,
  root,
  type CfnResource,
} from './template-loader';

/**
 * The corpus in template.yaml (docs/architecture.md, "The corpus"): one schema (the Glue table
 * = functions/domain/archive-schema.ts), the posts view = functions/history/posts-view.sql, the
 * named queries = functions/history/queries/*.sql, a delivery stream that partitions as the
 * table projects, and private, encrypted buckets.
 */

const template = loadTemplate();
type Json = Record<string, unknown>;
const props = (id: string): Json => (template.Resources[id]?.Properties ?? {}) as Json;
const tableInput = (id: string): Json => props(id).TableInput as Json;
const storage = (id: string): Json => tableInput(id).StorageDescriptor as Json;
const s3 = props('ArchiveDeliveryStream').ExtendedS3DestinationConfiguration as Json;

/** Evaluates a template value with fixed names for the resources it refers to. */
function evaluate(value: unknown, names: Record<string, string> = {}): unknown {
  const ctx: IntrinsicContext = {
    parameters: {
      'AWS::Partition': 'aws',
      'AWS::Region': 'us-east-1',
      'AWS::AccountId': '123456789012',
    },
    mappings: {},
    condition: () => true,
    ref: (id) => names[id] ?? id,
    getAtt: (id, attr) => `${id}.${attr}`,
  };
  return resolveValue(value, ctx);
}

const PRESTO_TYPES: Record<string, string> = {
  string: 'varchar',
  double: 'double',
  timestamp: 'timestamp(3)',
  int: 'integer',
  'array<string>': 'array(varchar)',
};

describe('the corpus in template.yaml', () => {
  it('is on by default, and every corpus resource exists only with ArchiveEnabled=true', () => {
    expect(template.Parameters.ArchiveEnabled?.Default).toBe('true');
    expect(template.Conditions?.ArchiveOn).toEqual({
      'Fn::Equals': [{ Ref: 'ArchiveEnabled' }, 'true'],
    });
    const corpus = Object.entries(template.Resources).filter(
      ([id, r]) =>
        /^(Archive|Athena|History)|Query$/.test(id) ||
        r.Type.startsWith('AWS::Glue') ||
        r.Type.startsWith('AWS::Athena'),
    );
    expect(corpus.length).toBeGreaterThanOrEqual(16);
    for (const [id, r] of corpus)
      expect({ id, condition: r.Condition }).toEqual({ id, condition: 'ArchiveOn' });
  });

  it('has one schema: the Glue table says what functions/domain/archive-schema.ts says', () => {
    expect(tableInput('ArchivePostsTable').Name).toBe(ARCHIVE_TABLE);
    const columns = (storage('ArchivePostsTable').Columns as Json[]).map((c) => ({
      name: c.Name,
      type: c.Type,
      comment: c.Comment,
    }));
    expect(columns).toEqual(
      ARCHIVE_COLUMNS.map(({ name, type, comment }) => ({ name, type, comment })),
    );
    const keys = (tableInput('ArchivePostsTable').PartitionKeys as Json[]).map((c) => ({
      name: c.Name,
      type: c.Type,
      comment: c.Comment,
    }));
    expect(keys).toEqual(
      ARCHIVE_PARTITION_KEYS.map(({ name, type, comment }) => ({ name, type, comment })),
    );
  });

  it('projects its partitions (no crawler) exactly where the delivery stream writes them', () => {
    const p = tableInput('ArchivePostsTable').Parameters as Json;
    expect(p).toMatchObject({
      'projection.enabled': 'true',
      'projection.dt.type': 'date',
      'projection.dt.format': 'yyyy-MM-dd',
      'projection.hour.type': 'integer',
      'projection.hour.range': '0,23',
      'projection.hour.digits': '2',
    });
    const names = { ArchiveBucket: 'bucket' };
    expect(evaluate(p['storage.location.template'], names)).toBe(
      's3://bucket/posts/dt=${dt}/hour=${hour}/',
    );
    expect(evaluate(storage('ArchivePostsTable').Location, names)).toBe('s3://bucket/posts/');
    expect(s3.Prefix).toBe(
      'posts/dt=!{partitionKeyFromQuery:dt}/hour=!{partitionKeyFromQuery:hour}/',
    );
    expect(referencedIds(s3.BucketARN)).toEqual(['ArchiveBucket']);
  });

  it('projects days from the first day the History route takes, so old recordings can be asked', () => {
    const p = tableInput('ArchivePostsTable').Parameters as Json;
    expect(p['projection.dt.range']).toBe(`${FIRST_DAY},NOW`);
    // Reddit's first posts (June 2005) and the first tweet (March 2006) are inside it.
    expect(FIRST_DAY <= '2005-06-01').toBe(true);
  });

  it("partitions by the post's event time as archivePartition() does, and parses the record's timestamps", () => {
    const processors = (s3.ProcessingConfiguration as { Processors: { Parameters: Json[] }[] })
      .Processors;
    const query = String(
      processors[0]!.Parameters.find((x) => x.ParameterName === 'MetadataExtractionQuery')!
        .ParameterValue,
    );
    const layout = parseLayout(String(s3.Prefix), query);
    expect(layout.keys.map((k) => k.key)).toEqual(ARCHIVE_PARTITION_KEYS.map((k) => k.name));
    for (const iso of [
      '2026-11-22T14:05:00.000Z',
      '2026-01-01T00:00:00.000Z',
      '2026-12-31T23:59:59.999Z',
    ]) {
      const { dt, hour } = archivePartition(iso);
      expect(layout.keys.map((k) => partitionValue({ created_at: iso }, k))).toEqual([dt, hour]);
    }
    const conversion = s3.DataFormatConversionConfiguration as Json;
    expect(conversion).toMatchObject({
      Enabled: true,
      InputFormatConfiguration: {
        Deserializer: { HiveJsonSerDe: { TimestampFormats: ["yyyy-MM-dd'T'HH:mm:ss.SSS'Z'"] } },
      },
      OutputFormatConfiguration: { Serializer: { ParquetSerDe: { Compression: 'SNAPPY' } } },
    });
    const schema = conversion.SchemaConfiguration as Json;
    expect(referencedIds(schema.TableName)).toEqual(['ArchivePostsTable']);
    expect(referencedIds(schema.DatabaseName)).toEqual(['ArchiveDatabase']);
    expect(s3.DynamicPartitioningConfiguration).toMatchObject({ Enabled: true });
    // Firehose's minimums with format conversion and dynamic partitioning.
    expect(s3.BufferingHints).toEqual({ IntervalInSeconds: 60, SizeInMBs: 64 });
    expect(props('ArchiveDeliveryStream').DeliveryStreamEncryptionConfigurationInput).toEqual({
      KeyType: 'AWS_OWNED_CMK',
    });
  });

  it('defines the posts view as functions/history/posts-view.sql, over all columns of the table', () => {
    const view = tableInput('ArchivePostsView');
    expect(view).toMatchObject({
      Name: POSTS_VIEW,
      TableType: 'VIRTUAL_VIEW',
      ViewExpandedText: '/* Presto View */',
    });
    const text = String(evaluate(view.ViewOriginalText, { ArchiveDatabase: 'corpus_test' }));
    const m = /^\/\* Presto View: (.*) \*\/$/.exec(text);
    expect(m).not.toBeNull();
    const definition = JSON.parse(Buffer.from(m![1]!, 'base64').toString('utf8')) as {
      originalSql: string;
      catalog: string;
      schema: string;
      columns: { name: string; type: string }[];
    };
    const file = readFileSync(join(root, 'functions', 'history', 'posts-view.sql'), 'utf8');
    expect(definition.originalSql).toBe(sqlBody(file));
    expect(definition).toMatchObject({ catalog: 'awsdatacatalog', schema: 'corpus_test' });
    const all = [...ARCHIVE_COLUMNS, ...ARCHIVE_PARTITION_KEYS];
    expect(definition.columns).toEqual(
      all.map((c) => ({ name: c.name, type: PRESTO_TYPES[c.type] })),
    );
    expect((view.StorageDescriptor as { Columns: Json[] }).Columns).toEqual(
      all.map((c) => ({ Name: c.name, Type: c.type })),
    );
  });

  it('has each named query word for word as its .sql file, and every file as a named query', () => {
    const dir = join(root, 'functions', 'history', 'queries');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const named = resourcesOfType(template, 'AWS::Athena::NamedQuery');
    const sqlFiles = named.map(([, r]) => String((r.Metadata as Json).SqlFile)).sort();
    expect(sqlFiles).toEqual(files.map((f) => `functions/history/queries/${f}`));
    expect(files.length).toBeGreaterThanOrEqual(4);
    for (const [id, r] of named as [string, CfnResource][]) {
      const file = String((r.Metadata as Json).SqlFile);
      const sql = readFileSync(join(root, file), 'utf8');
      const p = r.Properties as Json;
      expect({ id, same: p.QueryString === sql }).toEqual({ id, same: true });
      expect(referencedIds(p.Database)).toEqual(['ArchiveDatabase']);
      expect(referencedIds(p.WorkGroup)).toEqual(['AthenaWorkGroup']);
      expect(() =>
        parseNamedQuery(file.replace(/^.*\//, '').replace(/\.sql$/, ''), sql),
      ).not.toThrow();
    }
  });

  it('gives Athena its own encrypted result location and a bytes-scanned limit per query', () => {
    const config = props('AthenaWorkGroup').WorkGroupConfiguration as Json;
    expect(config).toMatchObject({
      EnforceWorkGroupConfiguration: true,
      BytesScannedCutoffPerQuery: { Ref: 'AthenaBytesScannedCutoff' },
      ResultConfiguration: { EncryptionConfiguration: { EncryptionOption: 'SSE_S3' } },
    });
    expect(referencedIds((config.ResultConfiguration as Json).OutputLocation)).toEqual([
      'AthenaResultsBucket',
    ]);
    expect(Number((template.Parameters.AthenaBytesScannedCutoff as Json).MinValue)).toBe(
      10_000_000,
    );
  });

  it.each(['ArchiveBucket', 'AthenaResultsBucket'])(
    'keeps %s private, encrypted, TLS-only and under a lifecycle',
    (id) => {
      const p = props(id);
      expect(p.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      expect(JSON.stringify(p.BucketEncryption)).toContain('AES256');
      expect((p.LifecycleConfiguration as { Rules: unknown[] }).Rules.length).toBeGreaterThan(0);
      const policy = resourcesOfType(template, 'AWS::S3::BucketPolicy').find(
        ([, r]) => referencedIds((r.Properties as Json).Bucket)[0] === id,
      );
      expect(JSON.stringify(policy?.[1].Properties)).toContain('"aws:SecureTransport":"false"');
    },
  );

  it('moves archived posts to Glacier Instant Retrieval after ArchiveTransitionDays', () => {
    const rules = (props('ArchiveBucket').LifecycleConfiguration as { Rules: Json[] }).Rules;
    const posts = rules.find((r) => r.Prefix === 'posts/');
    expect(posts?.Transitions).toEqual([
      { StorageClass: 'GLACIER_IR', TransitionInDays: { Ref: 'ArchiveTransitionDays' } },
    ]);
    expect(template.Resources.ArchiveBucket?.Properties).toBeDefined();
    expect((template.Resources.ArchiveBucket as { DeletionPolicy?: string }).DeletionPolicy).toBe(
      'Retain',
    );
  });

  it('lets Persist put records into the delivery stream, and only when the corpus is on', () => {
    const persist = props('PersistFunction');
    expect((persist.Environment as { Variables: Json }).Variables.ARCHIVE_STREAM).toEqual({
      'Fn::If': ['ArchiveOn', { Ref: 'ArchiveDeliveryStream' }, ''],
    });
    // In the function's own role (tests/template/policies.test.ts checks every role).
    expect(persist.Role).toEqual({ 'Fn::GetAtt': ['PersistRole', 'Arn'] });
    expect(JSON.stringify(props('PersistRole').Policies)).toContain(
      '{"Fn::If":["ArchiveOn",{"Effect":"Allow","Action":"firehose:PutRecordBatch","Resource":{"Fn::GetAtt":["ArchiveDeliveryStream","Arn"]}},{"Ref":"AWS::NoValue"}]}',
    );
  });
});

describe('the corpus locally', () => {
  it('runs the delivery stream with the Glue table location, and DuckDB for the History route', () => {
    const t = resolveTemplate({ root, skipDefinitions: true });
    expect(t.deliveryStreams).toHaveLength(1);
    expect(t.deliveryStreams[0]).toMatchObject({
      logicalId: 'ArchiveDeliveryStream',
      format: 'parquet',
      compression: 'SNAPPY',
      tableLocation: 'posts/',
      bufferSeconds: 60,
      bufferMB: 64,
    });
    const persist = t.functions.find((f) => f.logicalId === 'PersistFunction')!;
    expect(persist.environment.ARCHIVE_STREAM).toBe('ArchiveDeliveryStream');
    const history = t.functions.find((f) => f.logicalId === 'HistoryFunction')!;
    expect(history.loader).toEqual({ '.sql': 'text' });
    expect(history.external).toEqual(['@duckdb/node-api']);
  });

  it('runs without any of it with ArchiveEnabled=false', () => {
    const t = resolveTemplate({
      root,
      skipDefinitions: true,
      parameterOverrides: { ArchiveEnabled: 'false' },
    });
    expect(t.deliveryStreams).toEqual([]);
    expect(t.functions.map((f) => f.logicalId)).not.toContain('HistoryFunction');
    expect(
      t.functions.find((f) => f.logicalId === 'PersistFunction')!.environment.ARCHIVE_STREAM,
    ).toBe('');
  });
});

import { TemplateError } from './intrinsics';
import type { DeliveryStreamDef } from './types';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : {};
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

/** Firehose's defaults where the template is silent. */
const DEFAULT_BUFFER_SECONDS = 300;
const DEFAULT_BUFFER_MB = 5;

/**
 * Describes an AWS::KinesisFirehose::DeliveryStream with an extended S3 destination, from its
 * resolved Properties: buffering, prefixes, file extension, the Parquet conversion and its
 * compression, and the inline (JQ) partitioning query. `tableLocation` is the path inside the
 * bucket of the Glue table the conversion names (resolved by the caller).
 */
export function describeDeliveryStream(
  logicalId: string,
  name: string,
  arn: string,
  p: Json,
  tableLocationOf: (tableRef: string) => string | undefined,
): DeliveryStreamDef {
  const s3 = obj(p.ExtendedS3DestinationConfiguration);
  if (Object.keys(s3).length === 0) {
    throw new TemplateError(`${logicalId}: only ExtendedS3DestinationConfiguration runs locally`);
  }
  const buffering = obj(s3.BufferingHints);
  const conversion = obj(s3.DataFormatConversionConfiguration);
  const converts = conversion.Enabled === true || conversion.Enabled === 'true';
  const serializer = obj(obj(conversion.OutputFormatConfiguration).Serializer);
  const parquet = obj(serializer.ParquetSerDe);
  if (converts && Object.keys(parquet).length === 0) {
    throw new TemplateError(`${logicalId}: only Parquet output runs locally`);
  }
  const processors = obj(s3.ProcessingConfiguration).Processors;
  let partitionQuery: string | undefined;
  for (const processor of Array.isArray(processors) ? processors : []) {
    if (str(obj(processor).Type) !== 'MetadataExtraction') continue;
    for (const param of (obj(processor).Parameters as unknown[] | undefined) ?? []) {
      if (str(obj(param).ParameterName) === 'MetadataExtractionQuery') {
        partitionQuery = str(obj(param).ParameterValue);
      }
    }
  }
  const schema = obj(conversion.SchemaConfiguration);
  const tableRef = str(schema.TableName);
  return {
    logicalId,
    name,
    arn,
    prefix: str(s3.Prefix) ?? '',
    errorPrefix: str(s3.ErrorOutputPrefix) ?? 'errors/',
    bufferSeconds: Number(buffering.IntervalInSeconds ?? DEFAULT_BUFFER_SECONDS),
    bufferMB: Number(buffering.SizeInMBs ?? DEFAULT_BUFFER_MB),
    fileExtension: str(s3.FileExtension) ?? (converts ? '.parquet' : ''),
    format: converts ? 'parquet' : 'json',
    compression: (str(parquet.Compression) ?? 'SNAPPY').toUpperCase(),
    ...(partitionQuery !== undefined ? { partitionQuery } : {}),
    ...(tableRef && tableLocationOf(tableRef) !== undefined
      ? { tableLocation: tableLocationOf(tableRef)! }
      : {}),
  };
}

/** `s3://bucket/posts/` -> `posts/` (the path inside the bucket). */
export function pathInBucket(location: string): string | undefined {
  const m = /^s3:\/\/[^/]+\/?(.*)$/.exec(location);
  return m ? m[1] : undefined;
}

/**
 * What Athena charges for a query: $5 per TB scanned, each query rounded up to the megabyte with
 * a 10 MB minimum (us-east-1 list price, https://aws.amazon.com/athena/pricing/, as of
 * 2026-12-04). The History view shows it next to the bytes scanned; the benchmark's cost model
 * uses the same figures.
 */
export const ATHENA_USD_PER_TB = 5;
export const ATHENA_MIN_BYTES_PER_QUERY = 10 * 1024 * 1024;
const MB = 1024 * 1024;
const TB = 1024 ** 4;

/** The bytes Athena bills for a query that scanned `bytes`. */
export const athenaBilledBytes = (bytes: number): number =>
  Math.max(ATHENA_MIN_BYTES_PER_QUERY, Math.ceil(bytes / MB) * MB);

export const athenaQueryCostUsd = (bytesScanned: number): number =>
  (athenaBilledBytes(bytesScanned) / TB) * ATHENA_USD_PER_TB;

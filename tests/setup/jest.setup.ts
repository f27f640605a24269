import 'aws-sdk-client-mock-jest';

// Unit tests never reach AWS: fixed fake credentials and region, and Powertools kept quiet.
process.env.AWS_REGION ??= 'us-east-1';
process.env.AWS_ACCESS_KEY_ID ??= 'test';
process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
process.env.POWERTOOLS_DEV ??= 'false';
process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
process.env.POWERTOOLS_TRACE_ENABLED ??= 'false';
process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';

// A test file that bundles functions (the local stack, `invoke`) starts esbuild's service
// process, which esbuild keeps for the next build and which would outlive the file in a run
// that uses Jest's own process (one worker on a 2-core machine). Stopping a service that never
// started does nothing.
afterAll(async () => {
  const { stop } = await import('esbuild');
  await stop();
});

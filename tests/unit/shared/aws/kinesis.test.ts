import { NodeHttpHandler } from '@smithy/node-http-handler';
import { createKinesisClient } from '../../../../functions/shared/aws/kinesis';

describe('createKinesisClient', () => {
  it('uses the HTTP/1.1 handler and dummy credentials against a loopback endpoint', async () => {
    const client = createKinesisClient({ endpoint: 'http://127.0.0.1:4567' });
    try {
      expect(client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
      const creds = await client.config.credentials();
      expect(creds.accessKeyId).toBe('local');
      const endpoint = await client.config.endpoint?.();
      expect(endpoint?.hostname).toBe('127.0.0.1');
      expect(endpoint?.port).toBe(4567);
    } finally {
      client.destroy();
    }
  });

  it('leaves credentials to the standard chain for AWS, still on HTTP/1.1', async () => {
    const client = createKinesisClient({ region: 'eu-west-1' });
    try {
      expect(client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
      expect(await client.config.region()).toBe('eu-west-1');
      // The test environment's AWS_ACCESS_KEY_ID, found through the chain, not the local dummy.
      expect((await client.config.credentials()).accessKeyId).not.toBe('local');
    } finally {
      client.destroy();
    }
  });
});

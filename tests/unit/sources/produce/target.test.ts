import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { mockClient } from 'aws-sdk-client-mock';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSamConfig } from '../../../../sources/produce/samconfig';
import { awsTarget, localTarget, TargetError } from '../../../../sources/produce/target';

describe('targets', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'produce-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  describe('localTarget', () => {
    const runtime = (content: object) =>
      writeFileSync(join(root, '.local-stack.json'), JSON.stringify(content));

    it('reads the stream and the API from the running stack', () => {
      runtime({
        pid: process.pid,
        url: 'http://127.0.0.1:3000',
        endpoints: {
          kinesis: 'http://127.0.0.1:4567',
          dynamodb: 'x',
          sqs: 'y',
          stepfunctions: 'z',
        },
        resources: { streams: { PostsStream: { name: 'PostsStream', arn: 'a', shardCount: 1 } } },
      });
      expect(localTarget(root)).toEqual({
        label: 'local stack at http://127.0.0.1:3000',
        streamName: 'PostsStream',
        kinesisEndpoint: 'http://127.0.0.1:4567',
        tracksUrl: 'http://127.0.0.1:3000/api/tracks',
      });
    });

    it('explains what to do when the stack is not running', () => {
      expect(() => localTarget(root)).toThrow(/npm start/);
      runtime({
        pid: 2 ** 22 + 12345,
        endpoints: { kinesis: 'k' },
        resources: { streams: { PostsStream: { name: 's' } } },
      });
      expect(() => localTarget(root)).toThrow(TargetError);
      expect(() => localTarget(root)).toThrow(/not running/);
    });
  });

  describe('awsTarget', () => {
    const cfn = mockClient(CloudFormationClient);
    afterAll(() => cfn.restore());
    beforeEach(() => {
      cfn.reset();
      cfn.on(DescribeStacksCommand).resolves({
        Stacks: [
          {
            StackName: 'social-stream-analytics',
            CreationTime: new Date(),
            StackStatus: 'CREATE_COMPLETE',
            Outputs: [
              { OutputKey: 'StreamName', OutputValue: 'social-PostsStream-AbC' },
              {
                OutputKey: 'ApiUrl',
                OutputValue: 'https://abc.execute-api.eu-west-1.amazonaws.com',
              },
            ],
          },
        ],
      });
    });

    it('takes the stack name and region from samconfig.toml and the stream from the outputs', async () => {
      writeFileSync(
        join(root, 'samconfig.toml'),
        'version = 0.1\n[default.global.parameters]\nstack_name = "social-stream-analytics"\n[default.deploy.parameters]\nregion = "eu-west-1"\n',
      );
      const target = await awsTarget({ root, cloudFormation: new CloudFormationClient({}) });
      expect(target).toEqual({
        label: 'stack social-stream-analytics (eu-west-1)',
        streamName: 'social-PostsStream-AbC',
        region: 'eu-west-1',
        tracksUrl: 'https://abc.execute-api.eu-west-1.amazonaws.com/tracks',
      });
      expect(cfn).toHaveReceivedCommandWith(DescribeStacksCommand, {
        StackName: 'social-stream-analytics',
      });
    });

    it('lets flags win over samconfig.toml and reports a missing stack', async () => {
      cfn.on(DescribeStacksCommand).rejects(new Error('Stack with id other does not exist'));
      await expect(
        awsTarget({
          root,
          stackName: 'other',
          region: 'us-west-2',
          cloudFormation: new CloudFormationClient({}),
        }),
      ).rejects.toThrow(
        /Cannot describe stack other in us-west-2: Stack with id other does not exist/,
      );
      await expect(awsTarget({ root, region: 'us-west-2' })).rejects.toThrow(/--stack-name/);
    });
  });

  describe('readSamConfig', () => {
    it('prefers the deploy parameters over the global ones', () => {
      writeFileSync(
        join(root, 'samconfig.toml'),
        '[default.global.parameters]\nstack_name = "g"\nregion = "us-east-1"\n[default.deploy.parameters]\nstack_name = "d"\n',
      );
      expect(readSamConfig(root)).toEqual({ stackName: 'd', region: 'us-east-1' });
      expect(readSamConfig(join(root, 'missing'))).toEqual({});
    });
  });
});

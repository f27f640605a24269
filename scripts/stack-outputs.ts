import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { readSamConfig } from '../sources/produce/samconfig';

export class StackOutputsError extends Error {}

export interface StackOutputsOptions {
  root: string;
  stackName?: string;
  region?: string;
  /** For tests. */
  cloudFormation?: Pick<CloudFormationClient, 'send'>;
}

export interface DeployedStack {
  stackName: string;
  region: string;
  outputs: Record<string, string>;
}

/**
 * A deployed stack's Outputs. Stack name and region come from the options, else samconfig.toml
 * (what `sam deploy` used), else AWS_REGION; credentials from the standard chain.
 */
export async function describeStackOutputs(opts: StackOutputsOptions): Promise<DeployedStack> {
  const sam = readSamConfig(opts.root);
  const stackName = opts.stackName ?? sam.stackName;
  const region =
    opts.region ?? sam.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!stackName) {
    throw new StackOutputsError(
      'No stack name: pass --stack-name or set stack_name in samconfig.toml.',
    );
  }
  if (!region) {
    throw new StackOutputsError(
      'No region: pass --region, set region in samconfig.toml or AWS_REGION.',
    );
  }
  const cfn = opts.cloudFormation ?? new CloudFormationClient({ region });
  try {
    const res = await cfn.send(new DescribeStacksCommand({ StackName: stackName }));
    const outputs = Object.fromEntries(
      (res.Stacks?.[0]?.Outputs ?? []).map((o) => [o.OutputKey ?? '', o.OutputValue ?? '']),
    );
    return { stackName, region, outputs };
  } catch (err) {
    throw new StackOutputsError(
      `Cannot describe stack ${stackName} in ${region}: ${(err as Error).message}`,
    );
  } finally {
    if (!opts.cloudFormation) (cfn as CloudFormationClient).destroy();
  }
}

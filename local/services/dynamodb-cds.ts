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
import { basename, delimiter, dirname, join } from 'node:path';
import { findRepoRoot } from '../paths';

/**
 * Class-data sharing (CDS) for DynamoDB Local: the classes a start loads, parsed and verified once
 * and mapped from an archive at every later start. Booting the JVM took 2.6-4.2 s of CPU, 1.5-1.7 s
 * with the archive (measured side by side on the shared 2-core machine), which is the largest
 * single part of a later `npm start` and of every integration suite's start.
 *
 * Java refuses to archive with a non-empty directory on the class path, and DynamoDBLocal.jar's
 * manifest puts its own folder (`.`) there, where nothing is loaded from. So the JVM runs a copy
 * of the jar without the manifest's Class-Path, with the libraries it listed named on the command
 * line. The first start of a checkout (one at a time, under a lock) records the archive when its
 * JVM exits gracefully; the copy and the archive live in node_modules/.cache, keyed by the
 * DynamoDB Local and Java builds, so a reinstall or another Java starts over.
 */

export interface JvmLaunch {
  /** JVM options, class path and main class: what comes before DynamoDB Local's own arguments. */
  args: string[];
  /** How this start uses the archive. */
  classData: 'shared' | 'recording' | 'off';
  /** This start records the archive: stop the JVM gracefully, then call `recorded()`. */
  recording: boolean;
  /**
   * After the JVM exited: keeps the archive it wrote (if any) and frees the lock. `graceful`: it
   * exited by itself after SIGTERM (a JVM killed outright writes nothing, which says nothing).
   */
  recorded(graceful: boolean): void;
}

/** A lock older than this belongs to a start that died without recording. */
const STALE_LOCK_MS = 5 * 60_000;

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 80);

const defaultCacheRoot = (): string =>
  join(findRepoRoot(), 'node_modules', '.cache', 'dynamodb-local-cds');

/** Writes `file` whole or not at all (concurrent starts may race to write it). */
function writeAtomically(file: string, data: Buffer | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, file);
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
  writeAtomically(copy, zip.toBuffer());
  writeAtomically(mainFile, mainClass);
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
 * How to launch DynamoDB Local's jar with class-data sharing; the plain `-jar` launch when the
 * cache cannot be written (a read-only checkout) or recording failed before on this Java.
 */
export function jvmLaunch(
  jar: string,
  libDir: string,
  javaBuild: string,
  cacheRoot: string = defaultCacheRoot(),
): JvmLaunch {
  const done = (): void => undefined;
  const plain: JvmLaunch = {
    args: ['-jar', jar],
    classData: 'off',
    recording: false,
    recorded: done,
  };
  let dir: string;
  let launch: { jar: string; mainClass: string };
  try {
    dir = join(cacheRoot, `${safe(basename(dirname(jar)))}-${safe(javaBuild)}`);
    mkdirSync(dir, { recursive: true });
    launch = strippedJar(jar, dir);
  } catch {
    return plain;
  }
  const archive = join(dir, 'dynamodb-local.jsa');
  const unsupported = join(dir, 'unsupported');
  if (existsSync(unsupported)) return plain;
  const libs = readdirSync(libDir)
    .filter((f) => f.endsWith('.jar'))
    .sort()
    .map((f) => join(libDir, f));
  const classPath = ['-cp', [launch.jar, ...libs].join(delimiter), launch.mainClass];
  // CDS notes go to the JVM's output, which the stack shows only when a start fails.
  const quiet = '-Xlog:cds=off,cds+dynamic=off';
  if (existsSync(archive)) {
    return {
      args: [`-XX:SharedArchiveFile=${archive}`, '-Xshare:auto', quiet, ...classPath],
      classData: 'shared',
      recording: false,
      recorded: done,
    };
  }
  const lock = join(dir, 'recording.lock');
  if (!takeLock(lock))
    return { args: classPath, classData: 'off', recording: false, recorded: done };
  const pending = join(dir, `dynamodb-local.${process.pid}.jsa`);
  return {
    args: [`-XX:ArchiveClassesAtExit=${pending}`, quiet, ...classPath],
    classData: 'recording',
    recording: true,
    recorded: (graceful) => {
      try {
        // A JVM killed while writing leaves part of an archive: keep only a finished one.
        if (graceful && (statSync(pending, { throwIfNoEntry: false })?.size ?? 0) > 0) {
          renameSync(pending, archive);
        } else if (graceful) {
          // This Java wrote no archive (no base archive to extend, say): do not try every start.
          writeFileSync(unsupported, `no archive written by ${javaBuild}\n`);
        }
      } catch {
        /* the next start tries again */
      } finally {
        // Also what a start killed mid-recording left (under the lock, no other start records).
        for (const f of readdirSync(dir).filter((n) => /^dynamodb-local\.\d+\.jsa$/.test(n))) {
          rmSync(join(dir, f), { force: true });
        }
        rmSync(lock, { force: true });
      }
    },
  };
}

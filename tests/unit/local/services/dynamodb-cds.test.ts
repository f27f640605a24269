import AdmZip from 'adm-zip';
import { execFileSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { classDataStatus, dumpOutcome, jvmLaunch } from '../../../../local/services/dynamodb-cds';

// A jar shaped like DynamoDBLocal.jar: its manifest's Class-Path wraps over several lines.
const MANIFEST = [
  'Manifest-Version: 1.0',
  'Main-Class: software.amazon.dynamodb.services.local.main.ServerRunner',
  'Class-Path: . log4j2.xml DynamoDBLocal_lib/a.jar DynamoDBLocal_lib/b.ja',
  ' r DynamoDBLocal_lib/c.jar',
  'Bundle-Description: DynamoDB Local is a small client-side database and',
  '  server that mimics the DynamoDB service.',
  '',
].join('\r\n');

describe('class-data sharing launch for DynamoDB Local', () => {
  let dir: string;
  let jar: string;
  let lib: string;
  let cache: string;
  /** A stand-in for `java -Xshare:dump`: writes the archive it is asked for, or fails. */
  const fakeJava = (script: string): string => {
    const file = join(dir, `java-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, `#!/bin/sh\n${script}\n`);
    chmodSync(file, 0o755);
    return file;
  };
  const dumping = (): string =>
    fakeJava(
      'for a in "$@"; do case "$a" in -XX:SharedArchiveFile=*) echo jsa > "${a#*=}";; esac; done',
    );
  const launch = (build = '17.0.15+6') => jvmLaunch(jar, lib, build, cache);
  const folder = (): string => join(cache, readdirSync(cache)[0]!);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cds-unit-'));
    mkdirSync(join(dir, 'dynamodb_local_test'));
    jar = join(dir, 'dynamodb_local_test', 'DynamoDBLocal.jar');
    const zip = new AdmZip();
    zip.addFile('META-INF/MANIFEST.MF', Buffer.from(MANIFEST));
    zip.addFile('x/Main.class', Buffer.from('cafebabe'));
    zip.writeZip(jar);
    lib = join(dir, 'dynamodb_local_test', 'DynamoDBLocal_lib');
    mkdirSync(lib);
    for (const f of ['b.jar', 'a.jar', 'libsqlite4java-linux-amd64.so']) {
      writeFileSync(join(lib, f), '');
    }
    cache = join(dir, 'cache');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a copy of the jar without its Class-Path, naming the libraries and the main class', () => {
    const { args } = launch();
    const cp = args[args.indexOf('-cp') + 1]!.split(delimiter);
    expect(cp.slice(1)).toEqual([join(lib, 'a.jar'), join(lib, 'b.jar')]);
    expect(args.at(-1)).toBe('software.amazon.dynamodb.services.local.main.ServerRunner');
    const copy = new AdmZip(cp[0]!);
    const manifest = copy.readAsText('META-INF/MANIFEST.MF');
    expect(manifest).not.toMatch(/Class-Path|DynamoDBLocal_lib|^ r /m);
    expect(manifest).toContain(
      'Main-Class: software.amazon.dynamodb.services.local.main.ServerRunner',
    );
    expect(manifest).toContain('  server that mimics the DynamoDB service.');
    expect(copy.readAsText('x/Main.class')).toBe('cafebabe');
  });

  it('lists the classes of one start at a time, archives them, and maps the archive after', async () => {
    const first = launch();
    expect(first.classData).toBe('recording');
    expect(first.args.some((a) => a.startsWith('-XX:DumpLoadedClassList='))).toBe(true);
    expect(launch().classData).toBe('off'); // the lock is taken
    expect(classDataStatus(cache)).toBe('none');
    await first.record(dumping()).done;
    expect(classDataStatus(cache)).toBe('recorded');
    const next = launch();
    expect(next.classData).toBe('shared');
    expect(next.args).toContain(`-XX:SharedArchiveFile=${join(folder(), 'dynamodb-local.jsa')}`);
    expect(readdirSync(folder()).sort()).toEqual([
      'DynamoDBLocal.jar',
      'dynamodb-local.jsa',
      'main-class.txt',
    ]);
    // Another Java build starts over in a folder of its own.
    expect(launch('21.0.2+13').classData).toBe('recording');
  });

  it('a stop during the dump kills it and frees the lock; the next start records again', async () => {
    const first = launch();
    const recording = first.record(fakeJava('exec sleep 30'));
    first.release();
    await recording.done;
    expect(existsSync(join(folder(), 'dynamodb-local.jsa'))).toBe(false);
    expect(launch().classData).toBe('recording');
  });

  it('a dump interrupted by a signal is not taken for a Java that cannot dump', async () => {
    await launch().record(fakeJava('kill -INT $$; sleep 5')).done;
    expect(existsSync(join(folder(), 'unsupported'))).toBe(false);
    await launch().record(fakeJava('exit 130')).done;
    expect(existsSync(join(folder(), 'unsupported'))).toBe(false);
    expect(launch().classData).toBe('recording');
    expect(dumpOutcome(null, 'SIGKILL')).toBe('interrupted');
    expect(dumpOutcome(143, null)).toBe('interrupted');
    expect(dumpOutcome(1, null)).toBe('failed');
    expect(dumpOutcome(0, null)).toBe('ok');
  });

  it('runs the dump in a process group of its own, out of reach of a Ctrl-C to the stack', async () => {
    const out = join(dir, 'pgid');
    const ours = execFileSync('ps', ['-o', 'pgid=', '-p', String(process.pid)])
      .toString()
      .trim();
    await launch().record(fakeJava(`ps -o pgid= -p $$ | tr -d ' ' > ${out}`)).done;
    const theirs = readFileSync(out, 'utf8').trim();
    expect(theirs).not.toBe('');
    expect(theirs).not.toBe(ours);
  });

  it('takes over a lock left by a start that died; stops trying on a Java that cannot dump', async () => {
    expect(launch().classData).toBe('recording');
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(join(folder(), 'recording.lock'), old, old);
    // What the dead start had written so far.
    writeFileSync(join(folder(), 'classes.99999.lst'), 'java/lang/Object\n');
    writeFileSync(join(folder(), 'dynamodb-local.99999.jsa'), 'part');
    const second = launch();
    expect(second.classData).toBe('recording');
    await second.record(fakeJava('exit 1')).done;
    expect(readdirSync(folder()).filter((f) => f.includes('99999'))).toEqual([]);
    expect(launch()).toMatchObject({ classData: 'off', args: ['-jar', jar] });
    expect(classDataStatus(cache)).toBe('unsupported');
  });
});

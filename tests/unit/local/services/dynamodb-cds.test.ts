import AdmZip from 'adm-zip';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { jvmLaunch } from '../../../../local/services/dynamodb-cds';

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
    for (const f of ['b.jar', 'a.jar', 'libsqlite4java-linux-amd64.so'])
      writeFileSync(join(lib, f), '');
    cache = join(dir, 'cache');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs a copy of the jar without its Class-Path, naming the libraries and the main class', () => {
    const launch = jvmLaunch(jar, lib, '17.0.15+6', cache);
    const cp = launch.args[launch.args.indexOf('-cp') + 1]!.split(delimiter);
    expect(cp.slice(1)).toEqual([join(lib, 'a.jar'), join(lib, 'b.jar')]);
    expect(launch.args.at(-1)).toBe('software.amazon.dynamodb.services.local.main.ServerRunner');
    const manifest = new AdmZip(cp[0]!).readAsText('META-INF/MANIFEST.MF');
    expect(manifest).not.toMatch(/Class-Path|DynamoDBLocal_lib|^ r /m);
    expect(manifest).toContain(
      'Main-Class: software.amazon.dynamodb.services.local.main.ServerRunner',
    );
    expect(manifest).toContain('  server that mimics the DynamoDB service.');
    expect(new AdmZip(cp[0]!).readAsText('x/Main.class')).toBe('cafebabe');
  });

  it('records once under a lock, keeps only an archive written by a graceful exit, then maps it', () => {
    const first = jvmLaunch(jar, lib, '17.0.15+6', cache);
    expect(first.classData).toBe('recording');
    expect(jvmLaunch(jar, lib, '17.0.15+6', cache).classData).toBe('off');
    const pending = first.args
      .find((a) => a.startsWith('-XX:ArchiveClassesAtExit='))!
      .split('=')[1]!;
    writeFileSync(pending, 'partial');
    first.recorded(false); // killed while writing: the part is dropped, the lock freed
    const second = jvmLaunch(jar, lib, '17.0.15+6', cache);
    expect(second.classData).toBe('recording');
    const pending2 = second.args
      .find((a) => a.startsWith('-XX:ArchiveClassesAtExit='))!
      .split('=')[1]!;
    writeFileSync(pending2, 'archive');
    second.recorded(true);
    const third = jvmLaunch(jar, lib, '17.0.15+6', cache);
    expect(third.classData).toBe('shared');
    expect(third.args.some((a) => a.startsWith('-XX:SharedArchiveFile='))).toBe(true);
    // Another Java build starts over in a folder of its own.
    expect(jvmLaunch(jar, lib, '21.0.2+13', cache).classData).toBe('recording');
  });

  it('takes over a lock left by a start that died, and stops trying on a Java that writes none', () => {
    const first = jvmLaunch(jar, lib, '17.0.15+6', cache);
    expect(first.classData).toBe('recording');
    const folder = join(cache, readdirSync(cache)[0]!);
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(join(folder, 'recording.lock'), old, old);
    const second = jvmLaunch(jar, lib, '17.0.15+6', cache);
    expect(second.classData).toBe('recording');
    second.recorded(true); // exited by itself, yet wrote nothing
    expect(jvmLaunch(jar, lib, '17.0.15+6', cache)).toMatchObject({
      classData: 'off',
      args: ['-jar', jar],
    });
  });
});

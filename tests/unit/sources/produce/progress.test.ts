import { Writable } from 'node:stream';
import { formatProgress, startProgress } from '../../../../sources/produce/progress';

describe('formatProgress', () => {
  it('shows posts/s, sent, failed, retried and the non-zero extras', () => {
    expect(
      formatProgress(
        'replay',
        { sent: 12345, failed: 0, retried: 12, extra: { skipped: 1, ignored: 0 } },
        412.26,
      ),
    ).toBe('replay    412.3 posts/s  sent 12,345  failed 0  retried 12  skipped 1');
  });
});

describe('startProgress', () => {
  it('prints messages above the line and a final line with the average rate', () => {
    let clock = 0;
    let sent = 0;
    const out: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        out.push(chunk.toString());
        done();
      },
    });
    const progress = startProgress({
      label: 'demo',
      read: () => ({ sent, failed: 0, retried: 0 }),
      out: sink,
      intervalMs: 60_000,
      now: () => clock,
    });
    progress.log('hello');
    sent = 500;
    clock = 10_000;
    progress.stop();
    expect(out.join('')).toBe('hello\ndemo     50.0 posts/s  sent 500  failed 0  retried 0\n');
  });
});

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStore, compareSequence } from '../../../../local/event-sources/checkpoints';

describe('CheckpointStore', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'cp-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('compares sequence numbers longer than a double', () => {
    expect(
      compareSequence(
        '49590338271490256608559692538361571095921575989136588898',
        '49590338271490256608559692538361571095921575989136588899',
      ),
    ).toBe(-1);
    expect(compareSequence('000000000000000000010', '9')).toBe(1);
    expect(compareSequence('5', '5')).toBe(0);
  });

  it('only moves forward, and survives a restart through the file', () => {
    const file = join(dir, 'checkpoints.json');
    const a = new CheckpointStore(file);
    a.mapping('F/E/arn');
    expect(a.isNew('F/E/arn')).toBe(true);
    a.advance('F/E/arn', 'shard-0', '100');
    a.advance('F/E/arn', 'shard-0', '99');
    a.finish('F/E/arn', 'shard-1');
    a.flush();
    const b = new CheckpointStore(file);
    expect(b.get('F/E/arn', 'shard-0')).toEqual({ sequenceNumber: '100' });
    expect(b.get('F/E/arn', 'shard-1')).toEqual({ finished: true });
    expect(b.isNew('F/E/arn')).toBe(false);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty(
      ['F/E/arn', 'shards', 'shard-0', 'sequenceNumber'],
      '100',
    );
  });

  it('starts over from a corrupt file instead of refusing to run', () => {
    const file = join(dir, 'checkpoints.json');
    writeFileSync(file, '{"half');
    expect(new CheckpointStore(file).get('k', 's')).toEqual({});
  });
});

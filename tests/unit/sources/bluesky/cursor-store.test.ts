import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fileCursorStore,
  startCursorCheckpoints,
  type CursorStore,
} from '../../../../sources/bluesky/cursor-store';

describe('fileCursorStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cursor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('has no cursor before the first save, then the saved one', async () => {
    const store = fileCursorStore(join(dir, 'nested', 'bluesky-cursor.json'));
    expect(await store.load()).toBeUndefined();
    await store.save(1732184470123456);
    expect(await store.load()).toBe(1732184470123456);
    const saved = JSON.parse(readFileSync(join(dir, 'nested', 'bluesky-cursor.json'), 'utf8'));
    expect(saved).toMatchObject({ cursor: 1732184470123456, savedAt: expect.any(String) });
  });
});

describe('startCursorCheckpoints', () => {
  function memoryStore(): CursorStore & { saved: number[] } {
    const saved: number[] = [];
    return {
      saved,
      load: async () => saved.at(-1),
      save: async (c) => {
        saved.push(c);
      },
    };
  }

  it('saves the cursor read before the flush, a few seconds behind, and again on stop', async () => {
    const store = memoryStore();
    let cursor: number | undefined = 10_000_000;
    const order: string[] = [];
    const checkpoints = startCursorCheckpoints({
      cursor: () => {
        order.push(`cursor ${cursor}`);
        return cursor;
      },
      flush: async () => {
        order.push('flush');
        cursor = 99_000_000; // events handled during the flush are not yet known to be sent
      },
      store,
      intervalMs: 60_000,
      lagUs: 3_000_000,
    });
    await checkpoints.stop();
    expect(order).toEqual(['cursor 10000000', 'flush']);
    expect(store.saved).toEqual([7_000_000]);
  });

  it('never moves the cursor back, saves nothing before the first event, and survives a failed save', async () => {
    const errors: string[] = [];
    const saved: number[] = [];
    let fail = true;
    let cursor: number | undefined;
    const checkpoints = startCursorCheckpoints({
      cursor: () => cursor,
      flush: async () => undefined,
      store: {
        load: async () => undefined,
        save: async (c) => {
          if (fail) throw new Error('disk full');
          saved.push(c);
        },
      },
      intervalMs: 5,
      lagUs: 0,
      onError: (e) => errors.push(e.message),
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(saved).toEqual([]);
    cursor = 500;
    while (errors.length === 0) await new Promise((r) => setTimeout(r, 5));
    fail = false;
    while (saved.length === 0) await new Promise((r) => setTimeout(r, 5));
    cursor = 400;
    await checkpoints.stop();
    expect(saved).toEqual([500]);
    expect(errors[0]).toBe('disk full');
  });
});

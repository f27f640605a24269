import { createServer } from 'node:net';
import { FREE_PORT_RANGE, freePort, LOOPBACK } from '../../../../local/services/net';

// Ports chosen before the services bind them come from below the ephemeral ranges, where no
// outgoing connection or listen(0) can take them in between.
describe('freePort', () => {
  it('gives ports below the ephemeral ranges that can be listened on', async () => {
    const ports = await Promise.all(Array.from({ length: 20 }, () => freePort()));
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(FREE_PORT_RANGE.from);
      expect(port).toBeLessThanOrEqual(FREE_PORT_RANGE.to);
    }
    const port = ports[0]!;
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, LOOPBACK, resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });

  it('never hands out the same port twice, even before it is bound', async () => {
    // One after another, each port closed again before the next call: 400 draws from the range
    // would repeat one with probability above 99% without the reservation.
    const ports: number[] = [];
    for (let i = 0; i < 400; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
  });
});

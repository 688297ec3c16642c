import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Starts `server` on loopback (a free port unless one is given) and returns the port it listens on. */
export async function listenOnLoopback(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as AddressInfo).port;
}

import { createServer, Socket, type AddressInfo } from 'node:net';
import neo4j from 'neo4j-driver';

/**
 * The driver's sockets must disable Nagle's algorithm (patches/: the driver
 * does not, and a Bolt request written in several segments then waits ~40 ms
 * for the server's delayed ACK; docs/rules-graph.md measures it). The patch is
 * applied by `patch-package` at install: this fails if it is missing.
 */
it('opens Bolt sockets with TCP_NODELAY', async () => {
  const server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const calls: unknown[] = [];
  const original = Socket.prototype.setNoDelay;
  Socket.prototype.setNoDelay = function (this: Socket, noDelay?: boolean) {
    calls.push(noDelay);
    return original.call(this, noDelay);
  };
  const driver = neo4j.driver(`bolt://127.0.0.1:${port}`, neo4j.auth.basic('neo4j', 'x'), { connectionTimeout: 2000, maxConnectionPoolSize: 1 });
  try {
    await expect(driver.verifyConnectivity()).rejects.toBeDefined();
    expect(calls).toContain(true);
  } finally {
    Socket.prototype.setNoDelay = original;
    await driver.close();
    await new Promise((resolve) => server.close(resolve));
  }
});

// Loaded (node --require) into every file of the unit tier: the unit tier is pure, so a test
// there that starts a process or opens a socket fails at once, naming what it tried, instead
// of slowly turning the fast tier into a second integration tier. Such a test belongs in
// test/integration/.
import childProcess from 'node:child_process';
import net from 'node:net';

function refuse(what: string): never {
  throw new Error(`The unit tier runs no processes and opens no sockets, and this test ${what}. Move it to test/integration/.`);
}

for (const name of ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const) {
  Object.defineProperty(childProcess, name, {
    value: (command: unknown) => refuse(`started a process (child_process.${name} ${String(command)})`),
  });
}
net.Server.prototype.listen = function listen(): never {
  refuse('opened a server (listen)');
};
net.Socket.prototype.connect = function connect(): never {
  refuse('opened a connection (connect)');
};

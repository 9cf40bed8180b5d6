#!/usr/bin/env node
// `pnpm start`: the whole lab on one machine. Starts the certlab server (SQLite in the data
// directory), then one certlab-agent per machine of the lab, each writing its stores under
// `<data dir>/stores/<ClientMachine>/<StorePath>`. Ctrl-C (or SIGTERM) stops them all.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
// The server's own reader and validator of lab files: one definition of the format.
const { readLabDefinition } = require(join(ROOT, 'apps/server/dist/modules/lab/lab-definition.js'));

const env = { ...process.env };
const host = env.HOST || '127.0.0.1';
const port = Number(env.PORT || 8080);
const dataDir = resolve(env.CERTLAB_DATA_DIR || '.certlab');
const labFile = resolve(env.CERTLAB_LAB || join(ROOT, 'lab/default.yaml'));
const pollSeconds = env.CERTLAB_AGENT_POLL_INTERVAL || '5';
// The agents' shared credential is made afresh at every start: the server sets its hash from it.
const agentPassword = env.CERTLAB_AGENT_PASSWORD || randomBytes(18).toString('base64url');
const agentUser = env.CERTLAB_AGENT_USER || 'agent';

const children = new Set();
let stopping = false;

function run(name, args, childEnv) {
  const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = (stream, out) => {
    let partial = '';
    stream.on('data', (chunk) => {
      const lines = (partial + chunk).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) out.write(`[${name}] ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  children.add(child);
  child.on('exit', (code, signal) => {
    children.delete(child);
    if (!stopping) {
      console.error(`[lab] ${name} exited (${signal ?? code}); stopping the lab`);
      stop(code || 1);
    }
  });
  return child;
}

function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  const waitAll = setInterval(() => {
    if (children.size === 0) {
      clearInterval(waitAll);
      process.exit(code);
    }
  }, 100);
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

function listening() {
  return new Promise((resolveReady) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolveReady(true);
    });
    socket.once('error', () => resolveReady(false));
  });
}

const lab = readLabDefinition(labFile);
mkdirSync(dataDir, { recursive: true, mode: 0o700 });
run('server', [join(ROOT, 'apps/server/dist/main.js')], {
  ...env,
  HOST: host,
  PORT: String(port),
  CERTLAB_DATA_DIR: dataDir,
  CERTLAB_LAB: labFile,
  CERTLAB_AGENT_USER: agentUser,
  CERTLAB_AGENT_PASSWORD: agentPassword,
});
const deadline = Date.now() + 120_000;
while (!(await listening())) {
  if (stopping) await new Promise(() => {}); // the exit handler is already stopping the lab
  if (Date.now() > deadline) {
    console.error('[lab] the server did not start listening within 120 s');
    stop(1);
  }
  await new Promise((resolveWait) => setTimeout(resolveWait, 250));
}

const serverUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
for (const { clientMachine } of lab.machines) {
  const root = join(dataDir, 'stores', clientMachine);
  mkdirSync(root, { recursive: true, mode: 0o700 });
  run(`agent ${clientMachine}`, [join(ROOT, 'apps/agent/dist/main.js')], {
    ...env,
    CERTLAB_AGENT_SERVER: serverUrl,
    CERTLAB_AGENT_CLIENT_MACHINE: clientMachine,
    CERTLAB_AGENT_ROOT: root,
    CERTLAB_AGENT_POLL_INTERVAL: pollSeconds,
    CERTLAB_AGENT_USERNAME: agentUser,
    CERTLAB_AGENT_PASSWORD: agentPassword,
  });
}
console.log(
  `[lab] certlab is running at ${serverUrl}\n` +
    `[lab] web console: ${serverUrl}/ (sign in with a lab user: admin, enroller or auditor)\n` +
    `[lab] API docs: ${serverUrl}/api/docs\n` +
    `[lab] ${lab.machines.length} agents; stores live under ${join(dataDir, 'stores')}/<ClientMachine>/<StorePath>\n` +
    '[lab] Ctrl-C stops the lab; the data directory keeps everything for the next start.',
);

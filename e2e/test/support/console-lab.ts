import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser } from 'playwright-core';
import { ConsoleSession, launchChromium, signIn } from './browser';
import {
  ADMIN_PASSWORD,
  DEFAULT_LAB,
  ROOT,
  type RunningProcess,
  type ServerProcess,
  startAgent,
  startServer,
  tempDir,
  waitFor,
} from './processes';

/** Every certificate of a PEM file, in file order. */
export function certificatesIn(pem: string): X509Certificate[] {
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map(
    (match) => new X509Certificate(match[0]),
  );
}

/** SHA-1 thumbprint of a PEM file's first certificate, upper-case hex as certlab shows it; '' if none. */
export function firstThumbprint(pem: string): string {
  const [first] = certificatesIn(pem);
  return first ? first.fingerprint.replace(/:/g, '').toUpperCase() : '';
}

/** The lab file's machines, read by the server's own reader (one definition of the format). */
function labMachines(labFile: string): string[] {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { readLabDefinition } = require(
    join(ROOT, 'apps/server/dist/modules/lab/lab-definition.js'),
  ) as { readLabDefinition: (file: string) => { machines: { clientMachine: string }[] } };
  return readLabDefinition(labFile).machines.map((machine) => machine.clientMachine);
}

/** The passwords the server generated for the lab's users, from the lines it prints once. */
export function generatedPasswords(output: string): Record<string, string> {
  const passwords: Record<string, string> = {};
  const block = output.split('Generated lab credentials')[1] ?? '';
  for (const match of block.matchAll(/^\s+(\S+)\s+(admin|enroller|auditor)\s+(\S+)\s*$/gm)) {
    if (match[1] && match[3]) passwords[match[1]] = match[3];
  }
  return passwords;
}

/**
 * The whole lab as `pnpm start` runs it: the server (which serves the built console) on a fresh
 * data directory and one agent process per machine, each writing its stores under its own root,
 * plus a Chromium to look at it with.
 */
export class ConsoleLab {
  readonly data = tempDir('console-lab');
  readonly roots = new Map<string, ReturnType<typeof tempDir>>();
  server!: ServerProcess;
  agents: RunningProcess[] = [];
  browser!: Browser;
  private sessions: ConsoleSession[] = [];
  private passwords: Record<string, string> = {};

  constructor(private readonly labFile: string = DEFAULT_LAB) {}

  static async start(labFile?: string): Promise<ConsoleLab> {
    const lab = new ConsoleLab(labFile);
    lab.server = await startServer({
      dataDir: lab.data.path,
      labFile: lab.labFile,
      env: { CERTLAB_ALERT_TICK_SECONDS: '1' },
    });
    lab.passwords = { admin: ADMIN_PASSWORD, ...generatedPasswords(lab.server.output()) };
    for (const machine of labMachines(lab.labFile)) {
      const root = tempDir(`console-${machine.replace(/[^a-z0-9]/gi, '-')}`);
      lab.roots.set(machine, root);
      lab.agents.push(
        startAgent({ serverUrl: lab.server.url, clientMachine: machine, root: root.path }),
      );
    }
    lab.browser = await launchChromium();
    return lab;
  }

  password(user: string): string {
    const password = this.passwords[user];
    if (!password) throw new Error(`no password known for ${user}`);
    return password;
  }

  /** A new browser context, signed in as `user` through the sign-in page, at `path`. */
  async signedIn(user: string, path = '/'): Promise<ConsoleSession> {
    const session = await this.open();
    await session.page.goto(path);
    await signIn(session.page, user, this.password(user));
    return session;
  }

  async open(options?: Parameters<typeof ConsoleSession.open>[2]): Promise<ConsoleSession> {
    const session = await ConsoleSession.open(this.browser, this.server.url, options);
    this.sessions.push(session);
    return session;
  }

  /** What the machine's agent wrote at the store path (inside its root). */
  storeFile(machine: string, storePath: string): string {
    const root = this.roots.get(machine);
    if (!root) throw new Error(`no agent root for ${machine}`);
    return readFileSync(join(root.path, storePath), 'utf8');
  }

  /** The store file's first certificate's thumbprint, once the agent has written one. */
  async storeWritten(machine: string, storePath: string): Promise<string> {
    return waitFor(
      () => {
        try {
          return firstThumbprint(this.storeFile(machine, storePath)) || false;
        } catch {
          return false; // not written yet
        }
      },
      30_000,
      () => `nothing was ever written to ${machine}:${storePath}`,
    );
  }

  async stop(): Promise<void> {
    for (const session of this.sessions) await session.close().catch(() => undefined);
    await this.browser?.close();
    await Promise.all(this.agents.map((agent) => agent.stop()));
    await this.server?.stop();
    this.data.remove();
    for (const root of this.roots.values()) root.remove();
  }
}

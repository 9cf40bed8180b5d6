import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NestExpressApplication } from '@nestjs/platform-express';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory';
import { loadConfig } from '../../src/config/config';
import { LabService } from '../../src/modules/lab/lab.service';

export const DEFAULT_LAB = join(__dirname, '..', '..', '..', '..', 'lab', 'default.yaml');
export const ADMIN_PASSWORD = 'admin-test-password';
export const AGENT_PASSWORD = 'agent-test-password';

export interface LabServer {
  app: NestExpressApplication;
  baseUrl: string;
  dataDir: string;
  dataSource: DataSource;
  /** Basic credentials by role, as `user:password`. */
  credentials: { admin: string; enroller: string; auditor: string; agent: string };
  /** Stops the server; keeps the data directory unless `remove` is set. */
  close(options?: { remove?: boolean }): Promise<void>;
}

/**
 * Starts the real server on a loopback port over a real SQLite file in a fresh (or given) data
 * directory, seeded from the lab file, exactly as `pnpm start` does minus the fixed port.
 */
export async function startLabServer(
  options: { dataDir?: string; labFile?: string; env?: Record<string, string> } = {},
): Promise<LabServer> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'certlab-server-'));
  const config = loadConfig({
    CERTLAB_DATA_DIR: dataDir,
    CERTLAB_LAB: options.labFile ?? DEFAULT_LAB,
    CERTLAB_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CERTLAB_AGENT_PASSWORD: AGENT_PASSWORD,
    ...options.env,
  });
  const app = await createApp(config, { logger: false });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const issued = app.get(LabService).issuedCredentials;
  const password = (role: string) =>
    issued.find((credential) => credential.role === role)?.password ?? 'unknown';
  return {
    app,
    baseUrl: `http://127.0.0.1:${port}`,
    dataDir,
    dataSource: app.get(DataSource),
    credentials: {
      admin: `admin:${ADMIN_PASSWORD}`,
      agent: `agent:${AGENT_PASSWORD}`,
      enroller: `enroller:${password('enroller')}`,
      auditor: `auditor:${password('auditor')}`,
    },
    async close({ remove = false } = {}) {
      await app.close();
      if (remove) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function basic(credentials: string): string {
  return `Basic ${Buffer.from(credentials, 'utf8').toString('base64')}`;
}

/** fetch with Basic credentials and JSON in and out. */
export async function call(
  server: Pick<LabServer, 'baseUrl'>,
  method: string,
  path: string,
  options: {
    credentials?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<{ status: number; body: unknown; headers: Headers; text: string }> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.credentials !== undefined) headers.authorization = basic(options.credentials);
  let body: string | undefined;
  if (options.rawBody !== undefined || options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = options.rawBody ?? JSON.stringify(options.body);
  }
  const response = await fetch(`${server.baseUrl}${path}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  return { status: response.status, body: parsed, headers: response.headers, text };
}

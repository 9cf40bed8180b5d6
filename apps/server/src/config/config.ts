import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * The server's configuration, read from the environment once at boot. This file is the only
 * reader of `process.env` in the server: everything else receives an `AppConfig` by injection.
 * The abstract class doubles as the Nest injection token, so consumers write
 * `constructor(private readonly config: AppConfig)` without an `@Inject` decorator.
 */
export abstract class AppConfig {
  declare readonly port: number;
  declare readonly host: string;
  /** Absolute path of the lab's data directory (database, master key file). */
  declare readonly dataDir: string;
  /** Absolute path of the lab definition file (YAML). */
  declare readonly labFile: string;
  declare readonly adminUser: string;
  /** When absent, one is generated at first boot, printed once and stored as a hash. */
  declare readonly adminPassword: string | undefined;
  /** The user agents sign in as (role `agent`); created or updated when its password is given. */
  declare readonly agentUser: string;
  declare readonly agentPassword: string | undefined;
  /** How long a job claim lasts before the job is offered again. */
  declare readonly jobLeaseSeconds: number;
  /** 32 bytes from `CERTLAB_MASTER_KEY`; when absent, `<dataDir>/master.key` (generated, 0600). */
  declare readonly masterKey: Buffer | undefined;
  /**
   * Where relying parties reach this server (`CERTLAB_PUBLIC_URL`, no trailing slash): the base of
   * the CRL distribution point and CA issuers URLs written into every certificate certlab issues.
   */
  declare readonly publicUrl: string;
  /** Where each alert notification is POSTed as JSON (`CERTLAB_ALERT_WEBHOOK_URL`); none: outbox only. */
  declare readonly alertWebhookUrl: string | undefined;
  /** First retry delay of a failed webhook delivery; later ones grow fourfold. */
  declare readonly alertWebhookRetryMs: number;
  /** Real-time seconds between checks of the alert schedule against the lab clock; 0: never. */
  declare readonly alertTickSeconds: number;
  /** How long a console sign-in lasts, in real time (moving the lab clock signs no one out). */
  declare readonly sessionHours: number;
  /** The built console (`apps/console/dist`), served at `/`; absent: `/` says how to build it. */
  declare readonly consoleDir: string;
}

/** 64 hex digits or base64 of 32 bytes. */
const MasterKeySchema = z
  .string()
  .transform((value) =>
    /^[0-9a-fA-F]{64}$/.test(value) ? Buffer.from(value, 'hex') : Buffer.from(value, 'base64'),
  )
  .refine((key) => key.length === 32, 'must be 32 bytes: 64 hex digits or 44 base64 characters');

const PortSchema = z
  .string()
  .regex(/^\d+$/, 'must be a whole number between 1 and 65535')
  .transform(Number)
  .pipe(z.number().min(1, 'must be between 1 and 65535').max(65535, 'must be between 1 and 65535'));

const EnvSchema = z.object({
  PORT: PortSchema.default(8080),
  HOST: z.string().default('127.0.0.1'),
  CERTLAB_DATA_DIR: z.string().default('./.certlab'),
  CERTLAB_LAB: z.string().default('lab/default.yaml'),
  CERTLAB_ADMIN_USER: z.string().default('admin'),
  CERTLAB_ADMIN_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  CERTLAB_MASTER_KEY: MasterKeySchema.optional(),
  CERTLAB_AGENT_USER: z.string().default('agent'),
  CERTLAB_AGENT_PASSWORD: z.string().min(8, 'must be at least 8 characters').optional(),
  CERTLAB_JOB_LEASE_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds')
    .transform(Number)
    .pipe(z.number().min(1).max(3600))
    .default(60),
  CERTLAB_PUBLIC_URL: z
    .string()
    .refine(isPublicUrl, 'must be an http:// or https:// URL without query or fragment')
    .optional(),
  CERTLAB_ALERT_WEBHOOK_URL: z
    .string()
    .refine(isWebhookUrl, 'must be an http:// or https:// URL without credentials')
    .optional(),
  CERTLAB_ALERT_WEBHOOK_RETRY_MS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of milliseconds')
    .transform(Number)
    .pipe(z.number().min(1).max(600_000))
    .default(1000),
  CERTLAB_ALERT_TICK_SECONDS: z
    .string()
    .regex(/^\d+$/, 'must be a whole number of seconds (0: off)')
    .transform(Number)
    .pipe(z.number().min(0).max(86_400))
    .default(5),
  CERTLAB_SESSION_HOURS: z
    .string()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of hours')
    .transform(Number)
    .pipe(
      z
        .number()
        .min(0.0001, 'must be more than 0 hours (fractions are fine: 0.5 is 30 minutes)')
        .max(720, 'must be at most 720 hours (30 days)'),
    )
    .default(8),
  CERTLAB_CONSOLE_DIR: z.string().optional(),
});

/** Where the workspace builds the console, seen from this file in src/ or dist/. */
const BUILT_CONSOLE = resolve(__dirname, '..', '..', '..', 'console', 'dist');

/** Credentials in the URL would end up in logs and error messages; use the receiver's own auth. */
function isWebhookUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

function isPublicUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.search === '' &&
      url.hash === '' &&
      !value.includes('?') &&
      !value.includes('#') &&
      url.username === '' &&
      url.password === ''
    );
  } catch {
    return false;
  }
}

/**
 * The URL certificates point at when none is configured: the listening address, except that a
 * wildcard listener (0.0.0.0, ::) is not an address a client can connect to, so loopback stands in.
 */
function defaultPublicUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' || host === '::' || host === '[::]' ? '127.0.0.1' : host;
  const bracketed =
    reachable.includes(':') && !reachable.startsWith('[') ? `[${reachable}]` : reachable;
  return `http://${bracketed}:${port}`;
}

/** Thrown when the environment does not describe a usable configuration; lists every problem. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Relative paths are resolved against `cwd` here, once, so later log lines show where files live. */
export function loadConfig(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): AppConfig {
  // `PORT=` in a shell or a compose file means "not set", not "the empty string".
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const parsed = EnvSchema.safeParse(present);
  if (!parsed.success) {
    // Values are never echoed: one of these variables is a password.
    throw new ConfigError(
      parsed.error.issues.map(
        (issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`,
      ),
    );
  }
  const vars = parsed.data;
  return {
    port: vars.PORT,
    host: vars.HOST,
    dataDir: resolve(cwd, vars.CERTLAB_DATA_DIR),
    labFile: resolve(cwd, vars.CERTLAB_LAB),
    adminUser: vars.CERTLAB_ADMIN_USER,
    adminPassword: vars.CERTLAB_ADMIN_PASSWORD,
    masterKey: vars.CERTLAB_MASTER_KEY,
    agentUser: vars.CERTLAB_AGENT_USER,
    agentPassword: vars.CERTLAB_AGENT_PASSWORD,
    jobLeaseSeconds: vars.CERTLAB_JOB_LEASE_SECONDS,
    publicUrl: (vars.CERTLAB_PUBLIC_URL ?? defaultPublicUrl(vars.HOST, vars.PORT)).replace(
      /\/+$/,
      '',
    ),
    alertWebhookUrl: vars.CERTLAB_ALERT_WEBHOOK_URL,
    alertWebhookRetryMs: vars.CERTLAB_ALERT_WEBHOOK_RETRY_MS,
    alertTickSeconds: vars.CERTLAB_ALERT_TICK_SECONDS,
    sessionHours: vars.CERTLAB_SESSION_HOURS,
    consoleDir: vars.CERTLAB_CONSOLE_DIR ? resolve(cwd, vars.CERTLAB_CONSOLE_DIR) : BUILT_CONSOLE,
  };
}

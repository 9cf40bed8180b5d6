import { resolve } from 'node:path';
import { z } from 'zod';
import {
  DEFAULT_HOOK_TIMEOUT_SECONDS,
  MAX_HOOK_TIMEOUT_SECONDS,
  type PostDeployHook,
} from '../hooks/post-deploy-hooks';

/** What the agent runs with once flags, environment and config file have been merged and checked. */
export interface AgentConfig {
  /** certlab server base URL (http or https), normalised by `URL`. */
  serverUrl: string;
  /** The machine name this agent serves; the server only hands it jobs for stores on this machine. */
  clientMachine: string;
  /** Absolute directory that every store path is resolved inside. */
  rootDir: string;
  pollIntervalSeconds: number;
  username: string | undefined;
  password: string | undefined;
  /** Commands to run after a job changed a store; from this configuration only, never the server. */
  hooks: PostDeployHook[];
}

/** The settings, under the names the config file uses; commander yields the same camelCase names. */
export const AGENT_SETTINGS = [
  'server',
  'clientMachine',
  'root',
  'pollInterval',
  'username',
  'password',
] as const;
export type AgentSetting = (typeof AGENT_SETTINGS)[number];

export const AGENT_FLAGS: Record<AgentSetting, string> = {
  server: '--server',
  clientMachine: '--client-machine',
  root: '--root',
  pollInterval: '--poll-interval',
  username: '--username',
  password: '--password',
};

export const AGENT_ENV_VARS: Record<AgentSetting, string> = {
  server: 'CERTLAB_AGENT_SERVER',
  clientMachine: 'CERTLAB_AGENT_CLIENT_MACHINE',
  root: 'CERTLAB_AGENT_ROOT',
  pollInterval: 'CERTLAB_AGENT_POLL_INTERVAL',
  username: 'CERTLAB_AGENT_USERNAME',
  password: 'CERTLAB_AGENT_PASSWORD',
};

/** Hooks are a JSON array, so they have no flag: the config file's "hooks", or this variable. */
export const HOOKS_ENV_VAR = 'CERTLAB_AGENT_HOOKS';

export const DEFAULT_POLL_INTERVAL_SECONDS = 10;
/** A day: anything longer is almost certainly a unit mistake (milliseconds typed as seconds). */
export const MAX_POLL_INTERVAL_SECONDS = 86_400;

export interface AgentConfigSources {
  /** Parsed command-line options (commander's `opts()`); absent keys mean "not given". */
  options: Partial<Record<AgentSetting, string>>;
  env: Readonly<Record<string, string | undefined>>;
  /** Text of the `--config` file, when one was given. */
  fileContents?: string;
  /** Directory relative paths are resolved against. */
  cwd: string;
}

/** Every problem found in one pass, so the operator fixes them all at once. */
export class AgentConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(
      `Invalid agent configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
    );
    this.name = 'AgentConfigError';
  }
}

const HookSchema = z.strictObject({
  storePath: z.string().trim().min(1, 'must name the store path jobs use'),
  command: z.string().trim().min(1, 'must not be empty'),
  timeoutSeconds: z.number().int().min(1).max(MAX_HOOK_TIMEOUT_SECONDS).optional(),
});
const HooksSchema = z.array(HookSchema).max(100);

// The file may write the interval as a JSON number; flags and environment always give strings.
const ConfigFileSchema = z.strictObject({
  server: z.string().optional(),
  clientMachine: z.string().optional(),
  root: z.string().optional(),
  pollInterval: z.union([z.number(), z.string()]).optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  hooks: HooksSchema.optional(),
});
type ConfigFile = z.infer<typeof ConfigFileSchema>;

interface RawSetting {
  value: string | number;
  /** Where the value came from, for error messages: `--root`, `CERTLAB_AGENT_ROOT`, ... */
  source: string;
}

/** Merges the sources (flags > environment > config file > defaults) and validates the result. */
export function resolveAgentConfig(sources: AgentConfigSources): AgentConfig {
  const problems: string[] = [];
  const file = parseConfigFile(sources.fileContents, problems);

  const pick = (setting: AgentSetting): RawSetting | undefined => {
    const candidates: [string | number | undefined, string][] = [
      [sources.options[setting], AGENT_FLAGS[setting]],
      [sources.env[AGENT_ENV_VARS[setting]], AGENT_ENV_VARS[setting]],
      [file[setting], `config file "${setting}"`],
    ];
    for (const [value, source] of candidates) {
      // An empty string (`CERTLAB_AGENT_ROOT=`) means "not set", as in a shell.
      if (value !== undefined && String(value).trim() !== '') {
        return { value, source };
      }
    }
    return undefined;
  };

  const serverUrl = checkServerUrl(pick('server'), problems);
  const clientMachine = checkRequiredText('clientMachine', pick('clientMachine'), problems);
  const root = checkRequiredText('root', pick('root'), problems);
  const pollIntervalSeconds = checkPollInterval(pick('pollInterval'), problems);
  const hooks = resolveHooks(sources.env[HOOKS_ENV_VAR], file.hooks, problems);
  const username = pick('username');
  const password = pick('password');
  if ((username === undefined) !== (password === undefined)) {
    problems.push(
      `${AGENT_FLAGS.username} and ${AGENT_FLAGS.password} (or ${AGENT_ENV_VARS.password}) go together: give both or neither`,
    );
  }

  if (problems.length > 0) {
    throw new AgentConfigError(problems);
  }
  return {
    serverUrl: serverUrl ?? '',
    clientMachine: clientMachine ?? '',
    rootDir: resolve(sources.cwd, root ?? ''),
    pollIntervalSeconds,
    username: username === undefined ? undefined : String(username.value),
    password: password === undefined ? undefined : String(password.value),
    hooks,
  };
}

/** The environment's list replaces the file's whole (lists do not merge: order matters). */
function resolveHooks(
  envText: string | undefined,
  fileHooks: ConfigFile['hooks'],
  problems: string[],
): PostDeployHook[] {
  let hooks = fileHooks ?? [];
  if (envText !== undefined && envText.trim() !== '') {
    let json: unknown;
    try {
      json = JSON.parse(envText);
    } catch (error) {
      problems.push(`${HOOKS_ENV_VAR} is not valid JSON (${(error as Error).message})`);
      return [];
    }
    const parsed = HooksSchema.safeParse(json);
    if (!parsed.success) {
      // Paths only, not values: a hook command may carry a secret of its own.
      for (const issue of parsed.error.issues) {
        const where = issue.path.length > 0 ? `[${issue.path.join('.')}]` : '';
        problems.push(`${HOOKS_ENV_VAR}${where}: ${issue.message}`);
      }
      return [];
    }
    hooks = parsed.data;
  }
  return hooks.map((hook) => ({
    storePath: hook.storePath,
    command: hook.command,
    timeoutSeconds: hook.timeoutSeconds ?? DEFAULT_HOOK_TIMEOUT_SECONDS,
  }));
}

function parseConfigFile(contents: string | undefined, problems: string[]): ConfigFile {
  if (contents === undefined) {
    return {};
  }
  let json: unknown;
  try {
    json = JSON.parse(contents);
  } catch (error) {
    problems.push(`config file is not valid JSON (${(error as Error).message})`);
    return {};
  }
  const parsed = ConfigFileSchema.safeParse(json);
  if (!parsed.success) {
    // Unknown keys are refused: a misspelt "pollIntervall" must not silently fall back to the default.
    for (const issue of parsed.error.issues) {
      const where = issue.path.length > 0 ? `config file "${issue.path.join('.')}"` : 'config file';
      problems.push(`${where}: ${issue.message}`);
    }
    return {};
  }
  return parsed.data;
}

function missing(setting: AgentSetting): string {
  return `${AGENT_FLAGS[setting]} is required (or ${AGENT_ENV_VARS[setting]}, or "${setting}" in the config file)`;
}

function checkRequiredText(
  setting: AgentSetting,
  raw: RawSetting | undefined,
  problems: string[],
): string | undefined {
  if (raw === undefined) {
    problems.push(missing(setting));
    return undefined;
  }
  return String(raw.value).trim();
}

function checkServerUrl(raw: RawSetting | undefined, problems: string[]): string | undefined {
  const text = checkRequiredText('server', raw, problems);
  if (text === undefined || raw === undefined) {
    return undefined;
  }
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // The value is not echoed: a mangled URL may still carry a password.
    problems.push(`${raw.source}: not a valid URL (expected e.g. https://certlab.example:8080)`);
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    problems.push(`${raw.source}: the server URL must use http or https, not ${url.protocol}`);
    return undefined;
  }
  if (url.username !== '' || url.password !== '') {
    // Credentials in a URL end up in logs and in the printed configuration.
    problems.push(
      `${raw.source}: put credentials in ${AGENT_FLAGS.username}/${AGENT_FLAGS.password}, not in the URL`,
    );
    return undefined;
  }
  return url.href;
}

function checkPollInterval(raw: RawSetting | undefined, problems: string[]): number {
  if (raw === undefined) {
    return DEFAULT_POLL_INTERVAL_SECONDS;
  }
  const text = String(raw.value).trim();
  const seconds = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(seconds) || seconds < 1 || seconds > MAX_POLL_INTERVAL_SECONDS) {
    problems.push(
      `${raw.source}: poll interval must be a whole number of seconds from 1 to ${MAX_POLL_INTERVAL_SECONDS}, got "${text}"`,
    );
    return DEFAULT_POLL_INTERVAL_SECONDS;
  }
  return seconds;
}

import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import {
  AGENT_ENV_VARS,
  type AgentConfig,
  AgentConfigError,
  DEFAULT_POLL_INTERVAL_SECONDS,
  resolveAgentConfig,
} from './config/agent-config';
import { describeInspectError, inspectPemFile } from './commands/inspect';
import { readAgentVersion } from './version';

/** Exit codes: 2 is the conventional "you called me wrong" (bad flags or configuration). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
}

interface CliOptions {
  server?: string;
  clientMachine?: string;
  root?: string;
  pollInterval?: string;
  username?: string;
  password?: string;
  config?: string;
}

function buildProgram(io: CliIo): Command {
  const env = AGENT_ENV_VARS;
  return new Command('certlab-agent')
    .description('Polls a certlab server for certificate store jobs and runs them on PEM stores.')
    .version(readAgentVersion(), '-V, --version', 'print the agent version')
    .option('--server <url>', `certlab server URL, http or https (env ${env.server})`)
    .option('--client-machine <name>', `machine name this agent serves (env ${env.clientMachine})`)
    .option('--root <dir>', `directory every store path lives inside (env ${env.root})`)
    .option(
      '--poll-interval <seconds>',
      `seconds between job polls, default ${DEFAULT_POLL_INTERVAL_SECONDS} (env ${env.pollInterval})`,
    )
    .option('--username <name>', `agent user name (env ${env.username})`)
    .option(
      '--password <password>',
      `agent password; prefer env ${env.password}, flags show up in process lists`,
    )
    .option('--config <file>', 'JSON file with any of the keys above in camelCase')
    .addHelpText(
      'after',
      '\nPrecedence: flags, then environment variables, then the config file, then defaults.',
    )
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
}

/** Runs the agent CLI and returns the process exit code (main.ts sets it; tests can call this). */
export function runCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  cwd: string,
): number {
  const program = buildProgram(io);
  let inspectFiles: string[] | undefined;
  program.action(() => undefined);
  program
    .command('inspect')
    .description('print what PEM store files hold (certificates, keys, thumbprints, validity)')
    .argument('<files...>', 'PEM files to read')
    .action((files: string[]) => {
      inspectFiles = files;
    });
  try {
    program.parse(argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; anything else is a usage mistake.
      return error.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    }
    throw error;
  }

  if (inspectFiles) return runInspect(inspectFiles, io);

  const { config: configFile, ...settings } = program.opts<CliOptions>();
  let fileContents: string | undefined;
  if (configFile !== undefined) {
    try {
      fileContents = readFileSync(configFile, 'utf8');
    } catch (error) {
      io.err(`cannot read config file ${configFile}: ${(error as Error).message}\n`);
      return EXIT_USAGE;
    }
  }

  let config: AgentConfig;
  try {
    config = resolveAgentConfig({ options: settings, env, fileContents, cwd });
  } catch (error) {
    if (error instanceof AgentConfigError) {
      io.err(`${error.message}\nRun certlab-agent --help for usage.\n`);
      return EXIT_USAGE;
    }
    throw error;
  }

  io.out(describeConfig(config));
  io.out('The job loop arrives in a later issue; this agent has nothing to run yet.\n');
  return EXIT_OK;
}

/** The resolved configuration for humans. The password is reported as set or not, never shown. */
function describeConfig(config: AgentConfig): string {
  const rows: [string, string][] = [
    ['server', config.serverUrl],
    ['client machine', config.clientMachine],
    ['root', config.rootDir],
    ['poll interval', `${config.pollIntervalSeconds} s`],
    ['username', config.username ?? '(none)'],
    ['password', config.password === undefined ? '(none)' : '(set)'],
  ];
  return `certlab-agent configuration:\n${rows.map(([name, value]) => `  ${name.padEnd(15)} ${value}\n`).join('')}`;
}

function runInspect(files: readonly string[], io: CliIo): number {
  let status = EXIT_OK;
  for (const file of files) {
    try {
      io.out(inspectPemFile(file));
    } catch (error) {
      io.err(`${describeInspectError(file, error)}\n`);
      status = EXIT_FAILURE;
    }
  }
  return status;
}

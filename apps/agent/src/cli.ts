import { readFileSync } from 'node:fs';
import { Command, CommanderError } from 'commander';
import { type AgentRunResult, AgentStartupError, runAgent } from './agent';
import {
  AGENT_ENV_VARS,
  AGENT_FLAGS,
  type AgentConfig,
  AgentConfigError,
  DEFAULT_POLL_INTERVAL_SECONDS,
  HOOKS_ENV_VAR,
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
  once?: boolean;
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
    .option('--config <file>', 'JSON file with any of the keys above in camelCase, and "hooks"')
    .option('--once', 'register, run the jobs there are now, and exit (for cron and tests)')
    .addHelpText(
      'after',
      [
        '',
        'Precedence: flags, then environment variables, then the config file, then defaults.',
        '',
        'Post-deploy hooks run after a job changed a store; they are set on the agent only:',
        '  "hooks": [{ "storePath": "/etc/ssl/web01.pem", "command": "nginx -s reload",',
        '              "timeoutSeconds": 30 }]',
        `in the config file, or the same JSON array in ${HOOKS_ENV_VAR} (which replaces the file's).`,
        'The command runs with /bin/sh -c and gets CERTLAB_STORE_PATH, CERTLAB_STORE_FILE,',
        'CERTLAB_KEY_FILE, CERTLAB_THUMBPRINT, CERTLAB_OPERATION and CERTLAB_JOB_ID.',
        '',
        'Exit codes: 0 done or stopped by SIGTERM/SIGINT, 1 failure, 2 bad flags or configuration.',
      ].join('\n'),
    )
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
}

/** Runs the agent CLI and returns the process exit code (main.ts sets it; tests can call this). */
export async function runCli(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  io: CliIo,
  cwd: string,
): Promise<number> {
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

  const { config: configFile, once = false, ...settings } = program.opts<CliOptions>();
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

  if (config.username === undefined) {
    // Every agent call carries Basic credentials; without them each would be refused.
    io.err(
      `${AGENT_FLAGS.username} and ${AGENT_FLAGS.password} (or ${AGENT_ENV_VARS.username} and ${AGENT_ENV_VARS.password}) are required to run the agent\nRun certlab-agent --help for usage.\n`,
    );
    return EXIT_USAGE;
  }

  let result: AgentRunResult;
  try {
    result = await runAgent({ config, once, io, env, agentVersion: readAgentVersion() });
  } catch (error) {
    if (error instanceof AgentStartupError) {
      io.err(`${error.message}\n`);
      return EXIT_USAGE;
    }
    throw error;
  }
  return exitCodeOf(result);
}

/**
 * 0: `--once` ran what there was (or the agent awaits approval: nothing to do yet), or a shutdown
 * let the current job finish. 1: the server could not be used, refuses this agent, a result went
 * unreported, or a shutdown had to abandon a job.
 */
function exitCodeOf(result: AgentRunResult): number {
  if (result.forced) return EXIT_FAILURE;
  switch (result.outcome) {
    case 'stopped':
    case 'done':
    case 'waiting-approval':
      return EXIT_OK;
    case 'disapproved':
    case 'failed':
      return EXIT_FAILURE;
  }
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

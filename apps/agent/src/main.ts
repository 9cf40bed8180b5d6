#!/usr/bin/env node
import { EXIT_FAILURE, runCli } from './cli';

// process.exitCode rather than process.exit(): lets stdout drain when it is a pipe.
runCli(
  process.argv,
  process.env,
  { out: (text) => process.stdout.write(text), err: (text) => process.stderr.write(text) },
  process.cwd(),
).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('certlab-agent failed:', error instanceof Error ? error.message : error);
    process.exitCode = EXIT_FAILURE;
  },
);

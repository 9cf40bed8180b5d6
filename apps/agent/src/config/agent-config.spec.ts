import { DEFAULT_HOOK_TIMEOUT_SECONDS } from '../hooks/post-deploy-hooks';
import {
  AgentConfigError,
  type AgentConfigSources,
  DEFAULT_POLL_INTERVAL_SECONDS,
  HOOKS_ENV_VAR,
  resolveAgentConfig,
} from './agent-config';

const CWD = '/opt/certlab-agent';

function sources(overrides: Partial<AgentConfigSources> = {}): AgentConfigSources {
  return { options: {}, env: {}, cwd: CWD, ...overrides };
}

const COMPLETE_FLAGS = {
  server: 'https://certlab.jdk.com:8443',
  clientMachine: 'web01.jdk.com',
  root: 'stores',
};

function problemsOf(input: AgentConfigSources): readonly string[] {
  try {
    resolveAgentConfig(input);
  } catch (error) {
    if (error instanceof AgentConfigError) {
      return error.problems;
    }
    throw error;
  }
  throw new Error('expected resolveAgentConfig to reject the configuration');
}

describe('resolveAgentConfig', () => {
  it('resolves a complete set of flags and fills the defaults', () => {
    expect(resolveAgentConfig(sources({ options: COMPLETE_FLAGS }))).toEqual({
      serverUrl: 'https://certlab.jdk.com:8443/',
      clientMachine: 'web01.jdk.com',
      rootDir: '/opt/certlab-agent/stores',
      pollIntervalSeconds: DEFAULT_POLL_INTERVAL_SECONDS,
      username: undefined,
      password: undefined,
      hooks: [],
    });
  });

  it('takes flags over environment over file over defaults, setting by setting', () => {
    const config = resolveAgentConfig(
      sources({
        options: { server: 'http://flag.example' },
        env: {
          CERTLAB_AGENT_SERVER: 'http://env.example',
          CERTLAB_AGENT_CLIENT_MACHINE: 'env-machine',
        },
        fileContents: JSON.stringify({
          server: 'http://file.example',
          clientMachine: 'file-machine',
          root: '/srv/stores',
          pollInterval: 30,
        }),
      }),
    );

    expect(config).toMatchObject({
      serverUrl: 'http://flag.example/',
      clientMachine: 'env-machine',
      rootDir: '/srv/stores',
      pollIntervalSeconds: 30,
    });
  });

  it('reads the password from the environment when no flag gives it', () => {
    const config = resolveAgentConfig(
      sources({
        options: { ...COMPLETE_FLAGS, username: 'agent-web01' },
        env: { CERTLAB_AGENT_PASSWORD: 'from-env' },
        fileContents: JSON.stringify({ password: 'from-file' }),
      }),
    );

    expect(config).toMatchObject({ username: 'agent-web01', password: 'from-env' });
  });

  it('treats empty environment variables as unset', () => {
    const config = resolveAgentConfig(
      sources({
        options: COMPLETE_FLAGS,
        env: { CERTLAB_AGENT_POLL_INTERVAL: '' },
        fileContents: JSON.stringify({ pollInterval: '45' }),
      }),
    );

    expect(config.pollIntervalSeconds).toBe(45);
  });

  it('lists every missing required setting at once', () => {
    expect(problemsOf(sources())).toEqual([
      expect.stringContaining('--server is required'),
      expect.stringContaining('--client-machine is required'),
      expect.stringContaining('--root is required'),
    ]);
  });

  it.each(['0', '-5', '2.5', 'ten', '86401', '1e3'])(
    'rejects poll interval %s and names where it came from',
    (interval) => {
      expect(
        problemsOf(
          sources({ options: COMPLETE_FLAGS, env: { CERTLAB_AGENT_POLL_INTERVAL: interval } }),
        ),
      ).toEqual([
        expect.stringMatching(/^CERTLAB_AGENT_POLL_INTERVAL: poll interval must be a whole number/),
      ]);
    },
  );

  it.each([
    ['not a URL', 'certlab.jdk.com'],
    ['another scheme', 'ftp://certlab.jdk.com'],
    ['credentials in the URL', 'https://agent:secret@certlab.jdk.com'],
  ])('rejects a server URL with %s', (_label, server) => {
    const problems = problemsOf(sources({ options: { ...COMPLETE_FLAGS, server } }));

    expect(problems).toEqual([expect.stringMatching(/^--server: /)]);
    expect(problems.join('\n')).not.toContain('secret');
  });

  it('wants username and password together', () => {
    expect(problemsOf(sources({ options: { ...COMPLETE_FLAGS, username: 'agent' } }))).toEqual([
      expect.stringContaining('give both or neither'),
    ]);
  });

  it('refuses unknown and mistyped keys in the config file', () => {
    const problems = problemsOf(
      sources({
        options: COMPLETE_FLAGS,
        fileContents: JSON.stringify({ pollIntervall: 5, username: 42 }),
      }),
    );

    expect(problems).toHaveLength(2);
    expect(problems.join('\n')).toMatch(/pollIntervall/);
    expect(problems.join('\n')).toMatch(/config file "username"/);
  });

  it.each(['{not json', '[]', '"server"'])(
    'refuses a config file that is not a JSON object: %s',
    (text) => {
      expect(problemsOf(sources({ options: COMPLETE_FLAGS, fileContents: text }))).toEqual([
        expect.stringMatching(/^config file/),
      ]);
    },
  );

  describe('hooks', () => {
    const reload = { storePath: '/etc/ssl/web01.pem', command: 'nginx -s reload' };

    it('reads hooks from the config file, with a 30 s default timeout', () => {
      const config = resolveAgentConfig(
        sources({
          options: COMPLETE_FLAGS,
          fileContents: JSON.stringify({
            hooks: [reload, { storePath: '/etc/ssl/api.pem', command: 'true', timeoutSeconds: 5 }],
          }),
        }),
      );

      expect(config.hooks).toEqual([
        { ...reload, timeoutSeconds: DEFAULT_HOOK_TIMEOUT_SECONDS },
        { storePath: '/etc/ssl/api.pem', command: 'true', timeoutSeconds: 5 },
      ]);
      expect(DEFAULT_HOOK_TIMEOUT_SECONDS).toBe(30);
    });

    it(`takes ${HOOKS_ENV_VAR} over the file's list, whole`, () => {
      const config = resolveAgentConfig(
        sources({
          options: COMPLETE_FLAGS,
          env: { [HOOKS_ENV_VAR]: JSON.stringify([{ ...reload, command: 'from env' }]) },
          fileContents: JSON.stringify({ hooks: [reload, reload] }),
        }),
      );

      expect(config.hooks).toEqual([{ ...reload, command: 'from env', timeoutSeconds: 30 }]);
    });

    it('treats an empty variable as unset', () => {
      const config = resolveAgentConfig(
        sources({
          options: COMPLETE_FLAGS,
          env: { [HOOKS_ENV_VAR]: '  ' },
          fileContents: JSON.stringify({ hooks: [reload] }),
        }),
      );

      expect(config.hooks).toHaveLength(1);
    });

    it.each([
      ['an empty command', [{ storePath: '/a.pem', command: ' ' }], /hooks\.0\.command/],
      ['no store path', [{ command: 'true' }], /hooks\.0\.storePath/],
      ['a zero timeout', [{ ...reload, timeoutSeconds: 0 }], /hooks\.0\.timeoutSeconds/],
      ['a fractional timeout', [{ ...reload, timeoutSeconds: 1.5 }], /timeoutSeconds/],
      ['an unknown key', [{ ...reload, shell: '/bin/bash' }], /shell/],
      ['an object instead of a list', { ...reload }, /"hooks"/],
    ])('refuses hooks with %s in the file', (_label, hooks, problem) => {
      const problems = problemsOf(
        sources({ options: COMPLETE_FLAGS, fileContents: JSON.stringify({ hooks }) }),
      );

      expect(problems).toEqual([expect.stringMatching(problem)]);
    });

    it(`names ${HOOKS_ENV_VAR} in its problems and never echoes a command`, () => {
      expect(
        problemsOf(sources({ options: COMPLETE_FLAGS, env: { [HOOKS_ENV_VAR]: '[{"storePath"' } })),
      ).toEqual([expect.stringMatching(/^CERTLAB_AGENT_HOOKS is not valid JSON/)]);

      const problems = problemsOf(
        sources({
          options: COMPLETE_FLAGS,
          env: {
            [HOOKS_ENV_VAR]: JSON.stringify([
              { ...reload, command: 'curl -u admin:s3cret', timeoutSeconds: -1 },
            ]),
          },
        }),
      );
      expect(problems).toEqual([
        expect.stringMatching(/^CERTLAB_AGENT_HOOKS\[0\.timeoutSeconds\]/),
      ]);
      expect(problems.join('\n')).not.toContain('s3cret');
    });
  });
});

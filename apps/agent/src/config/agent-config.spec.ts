import {
  AgentConfigError,
  type AgentConfigSources,
  DEFAULT_POLL_INTERVAL_SECONDS,
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
});

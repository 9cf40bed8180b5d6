import { resolve } from 'node:path';
import { ConfigError, loadConfig } from './config';

const CWD = '/srv/certlab';

function configErrorOf(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env, CWD);
  } catch (error) {
    if (error instanceof ConfigError) {
      return error;
    }
    throw error;
  }
  throw new Error('expected loadConfig to reject the environment');
}

describe('loadConfig', () => {
  it('fills every default from an empty environment', () => {
    expect(loadConfig({}, CWD)).toEqual({
      port: 8080,
      host: '127.0.0.1',
      dataDir: resolve(CWD, '.certlab'),
      labFile: resolve(CWD, 'lab/default.yaml'),
      adminUser: 'admin',
      adminPassword: undefined,
      masterKey: undefined,
      agentUser: 'agent',
      agentPassword: undefined,
      jobLeaseSeconds: 60,
      publicUrl: 'http://127.0.0.1:8080',
      alertWebhookUrl: undefined,
      alertWebhookRetryMs: 1000,
      alertTickSeconds: 5,
      sessionHours: 8,
      // The workspace's built console, found from the server's own files.
      consoleDir: resolve(__dirname, '..', '..', '..', 'console', 'dist'),
    });
  });

  it('reads every variable it knows', () => {
    const config = loadConfig(
      {
        PORT: '9443',
        HOST: '0.0.0.0',
        CERTLAB_DATA_DIR: '/var/lib/certlab',
        CERTLAB_LAB: 'lab/two-pkis.yaml',
        CERTLAB_ADMIN_USER: 'JDK\\admin',
        CERTLAB_ADMIN_PASSWORD: 's3cret-pw',
        CERTLAB_MASTER_KEY: 'ab'.repeat(32),
        CERTLAB_SESSION_HOURS: '0.5',
        CERTLAB_CONSOLE_DIR: 'console-build',
      },
      CWD,
    );

    expect(config).toEqual({
      port: 9443,
      host: '0.0.0.0',
      dataDir: '/var/lib/certlab',
      labFile: resolve(CWD, 'lab/two-pkis.yaml'),
      adminUser: 'JDK\\admin',
      adminPassword: 's3cret-pw',
      masterKey: Buffer.alloc(32, 0xab),
      agentUser: 'agent',
      agentPassword: undefined,
      jobLeaseSeconds: 60,
      // A wildcard listener is no address to put in a certificate: loopback stands in.
      publicUrl: 'http://127.0.0.1:9443',
      alertWebhookUrl: undefined,
      alertWebhookRetryMs: 1000,
      alertTickSeconds: 5,
      sessionHours: 0.5,
      consoleDir: resolve(CWD, 'console-build'),
    });
  });

  it('refuses a session lifetime that is not a positive number of hours', () => {
    for (const value of ['0', '-1', 'eight', '721'])
      expect(() => loadConfig({ CERTLAB_SESSION_HOURS: value }, CWD)).toThrow(
        /CERTLAB_SESSION_HOURS/,
      );
  });

  it('takes an http(s) CERTLAB_ALERT_WEBHOOK_URL and refuses anything else', () => {
    expect(
      loadConfig({ CERTLAB_ALERT_WEBHOOK_URL: 'https://hooks.example.com/certlab?x=1' }, CWD)
        .alertWebhookUrl,
    ).toBe('https://hooks.example.com/certlab?x=1');
    for (const bad of [
      'hooks.example.com',
      'ftp://hooks.example.com',
      'http://u:p@hooks.example.com',
    ]) {
      expect(() => loadConfig({ CERTLAB_ALERT_WEBHOOK_URL: bad }, CWD)).toThrow(
        /CERTLAB_ALERT_WEBHOOK_URL/,
      );
    }
    expect(() => loadConfig({ CERTLAB_ALERT_TICK_SECONDS: 'soon' }, CWD)).toThrow(
      /CERTLAB_ALERT_TICK_SECONDS/,
    );
  });

  it('takes CERTLAB_PUBLIC_URL without its trailing slash and refuses what is no base URL', () => {
    expect(
      loadConfig({ CERTLAB_PUBLIC_URL: 'https://pki.example.com/certlab/' }, CWD).publicUrl,
    ).toBe('https://pki.example.com/certlab');
    expect(loadConfig({ HOST: '::1', PORT: '8443' }, CWD).publicUrl).toBe('http://[::1]:8443');
    expect(loadConfig({ HOST: '::' }, CWD).publicUrl).toBe('http://127.0.0.1:8080');
    for (const bad of [
      'ftp://pki.example.com',
      'pki.example.com',
      'http://x/?a=1',
      'http://x/#f',
      'http://x/?',
    ]) {
      expect(configErrorOf({ CERTLAB_PUBLIC_URL: bad }).problems).toEqual([
        expect.stringMatching(/^CERTLAB_PUBLIC_URL: must be an http/),
      ]);
    }
  });

  it('takes the master key as hex or base64 and refuses other lengths', () => {
    const key = Buffer.alloc(32, 7);
    expect(loadConfig({ CERTLAB_MASTER_KEY: key.toString('base64') }, CWD).masterKey).toEqual(key);
    expect(() => loadConfig({ CERTLAB_MASTER_KEY: 'abcd' }, CWD)).toThrow(
      /CERTLAB_MASTER_KEY: must be 32 bytes/,
    );
    expect(() => loadConfig({ CERTLAB_ADMIN_PASSWORD: 'short' }, CWD)).toThrow(
      /CERTLAB_ADMIN_PASSWORD/,
    );
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', CERTLAB_ADMIN_PASSWORD: '  ' }, CWD)).toMatchObject({
      port: 8080,
      adminPassword: undefined,
    });
  });

  it.each(['0', '65536', '-1', '80.5', 'http', '0x50'])(
    'rejects PORT=%s and names the variable',
    (port) => {
      const error = configErrorOf({ PORT: port });

      expect(error.problems).toEqual([expect.stringMatching(/^PORT: .*between 1 and 65535/)]);
      expect(error.message).toMatch(/^Invalid configuration:\n {2}- PORT: /);
    },
  );

  it('accepts the edges of the port range', () => {
    expect(loadConfig({ PORT: '1' }, CWD).port).toBe(1);
    expect(loadConfig({ PORT: '65535' }, CWD).port).toBe(65535);
  });

  it('ignores variables it does not own', () => {
    expect(loadConfig({ PATH: '/usr/bin', NODE_ENV: 'test' }, CWD).port).toBe(8080);
  });
});

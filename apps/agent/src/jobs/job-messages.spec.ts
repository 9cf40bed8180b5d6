import { PkiError } from '@certlab/pki';
import { type HookResult } from '../hooks/post-deploy-hooks';
import { StoreError } from '../stores';
import { JobInputError } from './job.errors';
import {
  addedMessage,
  describeJobError,
  failureMessage,
  hooksMessage,
  inventoryMessage,
  removedMessage,
  siteOf,
} from './job-messages';

const details = {
  ClientMachine: 'web01.jdk.com',
  StorePath: '/etc/ssl/web01.pem',
  StorePassword: null,
  Properties: '{}',
  Type: 'RFPEM',
};
const OLD = 'A'.repeat(40);
const NEW = 'B'.repeat(40);

function hookResult(overrides: Partial<HookResult> = {}): HookResult {
  return {
    ok: true,
    exitCode: 0,
    signal: null,
    timedOut: false,
    interrupted: false,
    spawnError: undefined,
    durationMs: 12,
    stdoutTail: '',
    stderrTail: '',
    ...overrides,
  };
}

describe('job messages (the vendor form)', () => {
  it('begins with the site and the server', () => {
    expect(siteOf(details, 'fallback')).toBe('Site /etc/ssl/web01.pem on server web01.jdk.com');
    expect(siteOf({ ...details, ClientMachine: ' ' }, 'fallback')).toBe(
      'Site /etc/ssl/web01.pem on server fallback',
    );
  });

  it('says what an Add did and what it replaced', () => {
    const site = siteOf(details, 'x');

    expect(`${site}: ${addedMessage(NEW, [OLD])}`).toBe(
      `Site /etc/ssl/web01.pem on server web01.jdk.com: certificate ${NEW} added (replaced ${OLD}), verified after writing`,
    );
    expect(addedMessage(NEW, [])).toBe(`certificate ${NEW} added, verified after writing`);
    expect(removedMessage(OLD)).toBe(`certificate ${OLD} removed`);
  });

  it('marks failures', () => {
    expect(failureMessage('Site s on server m', 'no room')).toBe(
      'Site s on server m: Failure: no room',
    );
  });

  it('counts an inventory', () => {
    expect(inventoryMessage({ added: 1, modified: 0, removed: 1, unchanged: 0 })).toBe(
      'inventory: 1 entry (1 added, 0 modified, 0 unchanged, 1 removed)',
    );
    expect(inventoryMessage({ added: 0, modified: 2, removed: 0, unchanged: 1 })).toBe(
      'inventory: 3 entries (0 added, 2 modified, 1 unchanged, 0 removed)',
    );
  });

  it.each([
    [[], ''],
    [[hookResult()], '; post-deploy hook succeeded'],
    [[hookResult(), hookResult()], '; 2 post-deploy hooks succeeded'],
    [
      [hookResult({ ok: false, exitCode: 1, stderrTail: 'nginx: [emerg] bad\n' })],
      '; Warning: post-deploy hook exited with code 1: nginx: [emerg] bad',
    ],
    [
      [hookResult(), hookResult({ ok: false, timedOut: true, durationMs: 30_000 })],
      '; Warning: post-deploy hook 2 of 2 timed out after 30 s and was killed',
    ],
  ])('reports hooks %#', (results, expected) => {
    expect(hooksMessage(results)).toBe(expected);
  });
});

describe('describeJobError', () => {
  it('gives the reason and code of the errors a job can expect, and nothing for bugs', () => {
    expect(describeJobError(new StoreError('ENTRY_EXISTS', 'already there'))).toBe(
      'already there (ENTRY_EXISTS)',
    );
    expect(
      describeJobError(new PkiError('BAD_PASSWORD', 'PKCS#12 decryption failed: wrong password')),
    ).toBe(
      "the job's certificate cannot be used: PKCS#12 decryption failed: wrong password (BAD_PASSWORD)",
    );
    expect(describeJobError(new JobInputError('no alias'))).toBe('no alias');
    expect(describeJobError(new TypeError('x is undefined'))).toBeUndefined();
  });
});

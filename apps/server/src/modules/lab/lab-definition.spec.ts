import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LabDefinitionError, readLabDefinition } from './lab-definition';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'certlab-lab-definition-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function labWith(configurations: string[]): string {
  const path = join(dir, `${configurations.length}-${Math.random().toString(36).slice(2)}.yaml`);
  const authorities = configurations
    .map(
      (configuration) =>
        `  - { configuration: '${configuration}', subject: 'CN=x', keyAlgorithm: P-256, validityDays: 10 }`,
    )
    .join('\n');
  writeFileSync(path, `name: t\nauthorities:\n${authorities}\ntemplates: []\n`);
  return path;
}

describe('readLabDefinition: CA logical names name the CRL and certificate URLs', () => {
  it('accepts distinct URL-safe logical names', () => {
    expect(
      readLabDefinition(labWith(['root.lab\\lab-Root_1', 'ca.lab\\lab.CA2'])).authorities,
    ).toHaveLength(2);
  });

  it('refuses a logical name used twice, whatever the host or case', () => {
    expect(() => readLabDefinition(labWith(['a.lab\\Lab-CA', 'b.lab\\lab-ca']))).toThrow(
      /authorities\.1\.configuration: logical name "lab-ca" is already used by authorities\.0/,
    );
  });

  it.each(['lab CA', 'lab/CA', 'lab%41', 'läb', '.hidden'])(
    'refuses the logical name "%s", which is not URL-safe',
    (logical) => {
      expect(() => readLabDefinition(labWith([`a.lab\\${logical}`]))).toThrow(LabDefinitionError);
      expect(() => readLabDefinition(labWith([`a.lab\\${logical}`]))).toThrow(/must be URL-safe/);
    },
  );
});

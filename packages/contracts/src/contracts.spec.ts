import {
  KEY_ALGORITHMS,
  isKeyAlgorithm,
  keyAlgorithmInfo,
  KeyAlgorithmSchema,
} from './key-algorithms';
import { RequestDispositionSchema } from './dispositions';
import { packageVersion } from './version';

describe('key algorithms', () => {
  it.each(KEY_ALGORITHMS)('%s has a family and a size', (algorithm) => {
    const info = keyAlgorithmInfo(algorithm);
    expect(['RSA', 'ECDSA', 'Ed25519']).toContain(info.family);
    expect(info.bits).toBeGreaterThanOrEqual(256);
    expect(info.curve !== undefined).toBe(info.family === 'ECDSA');
  });

  it('rejects names it does not know, with a schema error', () => {
    expect(isKeyAlgorithm('RSA-1024')).toBe(false);
    expect(isKeyAlgorithm('p-256')).toBe(false);
    expect(isKeyAlgorithm(256)).toBe(false);
    expect(KeyAlgorithmSchema.safeParse('DSA').success).toBe(false);
    expect(isKeyAlgorithm('P-384')).toBe(true);
  });

  it('knows the vendor disposition strings', () => {
    expect(RequestDispositionSchema.parse('ISSUED')).toBe('ISSUED');
    expect(RequestDispositionSchema.safeParse('Issued').success).toBe(false);
  });
});

describe('packageVersion', () => {
  it('reads the version, and says unknown for anything else', () => {
    expect(packageVersion('{"name":"x","version":"1.2.3"}')).toBe('1.2.3');
    expect(packageVersion('{"name":"x"}')).toBe('0.0.0-unknown');
    expect(packageVersion('{"version":7}')).toBe('0.0.0-unknown');
    expect(packageVersion('not json')).toBe('0.0.0-unknown');
  });
});

import {
  KEY_ALGORITHMS,
  isKeyAlgorithm,
  keyAlgorithmInfo,
  KeyAlgorithmSchema,
} from './key-algorithms';
import { RequestDispositionSchema } from './dispositions';

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

import { KEY_ALGORITHMS } from '@certlab/contracts';
import {
  describePublicKey,
  exportPrivateKey,
  exportPrivateKeyPem,
  exportPublicKey,
  generateKeyPair,
  importPrivateKey,
  importPublicKey,
  keyAlgorithmOf,
  keyAlgorithmOfSpki,
  privateKeyMatchesPublicKey,
} from './keys';

describe('keys', () => {
  it.each(KEY_ALGORITHMS)(
    '%s: generate, export, import and match',
    async (algorithm) => {
      const keys = await generateKeyPair(algorithm);
      expect(keyAlgorithmOf(keys.privateKey)).toBe(algorithm);
      const spki = await exportPublicKey(keys.publicKey);
      expect(keyAlgorithmOfSpki(spki)).toBe(algorithm);
      expect(describePublicKey(spki).description).toBe(algorithm);

      const pem = await exportPrivateKeyPem(keys.privateKey);
      expect(pem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
      const imported = await importPrivateKey(pem);
      expect(keyAlgorithmOf(imported)).toBe(algorithm);
      expect(Buffer.from(await exportPrivateKey(imported))).toEqual(
        Buffer.from(await exportPrivateKey(keys.privateKey)),
      );
      expect(await privateKeyMatchesPublicKey(imported, spki)).toBe(true);
      const publicKey = await importPublicKey(spki);
      expect(keyAlgorithmOf(publicKey)).toBe(algorithm);

      const other = await generateKeyPair(algorithm);
      expect(await privateKeyMatchesPublicKey(other.privateKey, spki)).toBe(false);
    },
    60_000,
  );

  it('a key of another algorithm never matches', async () => {
    const ec = await generateKeyPair('P-256');
    const ed = await generateKeyPair('Ed25519');
    expect(
      await privateKeyMatchesPublicKey(ec.privateKey, await exportPublicKey(ed.publicKey)),
    ).toBe(false);
  });
});

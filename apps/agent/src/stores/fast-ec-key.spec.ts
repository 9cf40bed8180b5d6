import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { importP256Pkcs8 } from './fast-ec-key';

describe('importP256Pkcs8', () => {
  it('reads a P-256 PKCS#8 key as the same key createPrivateKey reads', () => {
    for (let i = 0; i < 20; i++) {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const der = privateKey.export({ type: 'pkcs8', format: 'der' });
      const fast = importP256Pkcs8(der);
      expect(fast).toBeDefined();
      const slow = createPrivateKey({ key: der, format: 'der', type: 'pkcs8' });
      // Compared through their encodings, not KeyObject.equals (see keyBelongsTo in pem-file.ts).
      expect(fast!.export({ format: 'jwk' })).toEqual(slow.export({ format: 'jwk' }));
      expect(
        createPublicKey(fast!)
          .export({ type: 'spki', format: 'der' })
          .equals(createPublicKey(slow).export({ type: 'spki', format: 'der' })),
      ).toBe(true);
      expect(fast!.export({ type: 'pkcs8', format: 'der' }).equals(der)).toBe(true);
    }
  });

  it('leaves other keys and layouts to createPrivateKey', () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey;
    const ed = generateKeyPairSync('ed25519').privateKey;
    for (const key of [p384, rsa, ed]) {
      expect(importP256Pkcs8(key.export({ type: 'pkcs8', format: 'der' }))).toBeUndefined();
    }
    const p256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
    const der = p256.export({ type: 'pkcs8', format: 'der' });
    expect(importP256Pkcs8(der.subarray(0, der.length - 1))).toBeUndefined();
    expect(importP256Pkcs8(p256.export({ type: 'sec1', format: 'der' }))).toBeUndefined();
    const badPoint = Buffer.from(der);
    badPoint[badPoint.length - 65] = 0x02; // a compressed point tag: not OpenSSL's layout
    expect(importP256Pkcs8(badPoint)).toBeUndefined();
  });
});

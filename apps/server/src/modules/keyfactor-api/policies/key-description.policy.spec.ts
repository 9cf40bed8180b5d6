import { KeyType } from '../keyfactor-enums';
import { describeKeyAlgorithm } from './key-description.policy';

describe('describeKeyAlgorithm', () => {
  it.each([
    ['RSA-2048', { keyType: KeyType.RSA, keyTypeString: 'RSA', bits: 2048, curveOid: null }],
    ['RSA-1024', { keyType: KeyType.RSA, keyTypeString: 'RSA', bits: 1024, curveOid: null }],
    [
      'P-256',
      { keyType: KeyType.ECC, keyTypeString: 'ECC', bits: 256, curveOid: '1.2.840.10045.3.1.7' },
    ],
    ['P-384', { keyType: KeyType.ECC, keyTypeString: 'ECC', bits: 384, curveOid: '1.3.132.0.34' }],
    ['P-521', { keyType: KeyType.ECC, keyTypeString: 'ECC', bits: 521, curveOid: '1.3.132.0.35' }],
    // The v1 KeyType enum stops at DH (4): Ed25519 is Unknown with its own name.
    ['Ed25519', { keyType: KeyType.Unknown, keyTypeString: 'Ed25519', bits: 256, curveOid: null }],
    ['DSA', { keyType: KeyType.DSA, keyTypeString: 'DSA', bits: 0, curveOid: null }],
    ['GOST', { keyType: KeyType.Unknown, keyTypeString: 'GOST', bits: 0, curveOid: null }],
  ])('describes %s as Command does', (algorithm, expected) => {
    expect(describeKeyAlgorithm(algorithm)).toEqual(expected);
  });
});

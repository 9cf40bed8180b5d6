import { KeyType } from '../keyfactor-enums';

/** How Command describes a key: the certificate model's KeyType/KeyTypeString/KeySizeInBits/Curve. */
export interface KeyDescription {
  keyType: KeyType;
  /** `RSA`, `ECC`, `DSA`, or the algorithm's own name when the v1 enum has none (Ed25519). */
  keyTypeString: string;
  bits: number;
  /** Named-curve OID for ECC keys, as Command reports `Curve`; null otherwise. */
  curveOid: string | null;
}

const CURVE_OIDS: Readonly<Record<string, string>> = {
  256: '1.2.840.10045.3.1.7',
  384: '1.3.132.0.34',
  521: '1.3.132.0.35',
};

/** Ed25519/Ed448 key sizes as Command counts them (the size of the public key in bits). */
const EDWARDS_BITS: Readonly<Record<string, number>> = { ED25519: 256, ED448: 456 };

/**
 * Reads certlab's key algorithm strings (`RSA-2048`, `P-256`, `Ed25519`, or a description of a key
 * certlab does not issue for, such as `RSA-1024`, `P-521` or `DSA`).
 */
export function describeKeyAlgorithm(algorithm: string): KeyDescription {
  const rsa = /^RSA-(\d+)$/i.exec(algorithm);
  if (rsa?.[1])
    return { keyType: KeyType.RSA, keyTypeString: 'RSA', bits: Number(rsa[1]), curveOid: null };
  const ecc = /^P-(\d+)$/i.exec(algorithm);
  if (ecc?.[1]) {
    return {
      keyType: KeyType.ECC,
      keyTypeString: 'ECC',
      bits: Number(ecc[1]),
      curveOid: CURVE_OIDS[ecc[1]] ?? null,
    };
  }
  const dsa = /^DSA(?:-(\d+))?$/i.exec(algorithm);
  if (dsa)
    return {
      keyType: KeyType.DSA,
      keyTypeString: 'DSA',
      bits: Number(dsa[1] ?? 0),
      curveOid: null,
    };
  const edwards = EDWARDS_BITS[algorithm.toUpperCase()];
  if (edwards !== undefined)
    return { keyType: KeyType.Unknown, keyTypeString: algorithm, bits: edwards, curveOid: null };
  return { keyType: KeyType.Unknown, keyTypeString: algorithm, bits: 0, curveOid: null };
}

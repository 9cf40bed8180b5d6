import { webcrypto } from 'node:crypto';

/**
 * What the pki functions need from the outside world, injectable so tests can pin time and
 * randomness (house rule 3). The defaults are the real clock, Node's CSPRNG and Node's WebCrypto.
 */
export interface PkiContext {
  /** WebCrypto provider used for key generation, signing and verification. */
  crypto: Crypto;
  /** The time certificates are issued at. */
  now: () => Date;
  /** Cryptographically strong random bytes (serial numbers, salts, IVs). */
  randomBytes: (length: number) => Uint8Array<ArrayBuffer>;
}

export const defaultPkiContext: PkiContext = {
  crypto: webcrypto as unknown as Crypto,
  now: () => new Date(),
  randomBytes: (length) => webcrypto.getRandomValues(new Uint8Array(length)),
};

export function pkiContext(overrides: Partial<PkiContext> = {}): PkiContext {
  return { ...defaultPkiContext, ...overrides };
}

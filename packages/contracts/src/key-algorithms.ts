import { z } from 'zod';

/**
 * Key algorithms certlab can generate and issue for. The names are certlab's own, stable on the
 * wire (templates, lab YAML, console); `keyAlgorithmInfo` maps each to what a Keyfactor client
 * sees (KeyType / KeySize / Curve).
 */
export const KEY_ALGORITHMS = [
  'RSA-2048',
  'RSA-3072',
  'RSA-4096',
  'P-256',
  'P-384',
  'Ed25519',
] as const;

export const KeyAlgorithmSchema = z.enum(KEY_ALGORITHMS);
export type KeyAlgorithm = z.infer<typeof KeyAlgorithmSchema>;

export type KeyFamily = 'RSA' | 'ECDSA' | 'Ed25519';

export interface KeyAlgorithmInfo {
  family: KeyFamily;
  /** Key size in bits as Keyfactor reports it (`KeyLength`). */
  bits: number;
  /** Named curve for ECDSA keys. */
  curve?: 'P-256' | 'P-384';
}

const INFO: Record<KeyAlgorithm, KeyAlgorithmInfo> = {
  'RSA-2048': { family: 'RSA', bits: 2048 },
  'RSA-3072': { family: 'RSA', bits: 3072 },
  'RSA-4096': { family: 'RSA', bits: 4096 },
  'P-256': { family: 'ECDSA', bits: 256, curve: 'P-256' },
  'P-384': { family: 'ECDSA', bits: 384, curve: 'P-384' },
  Ed25519: { family: 'Ed25519', bits: 256 },
};

export function keyAlgorithmInfo(algorithm: KeyAlgorithm): KeyAlgorithmInfo {
  return INFO[algorithm];
}

export function isKeyAlgorithm(value: unknown): value is KeyAlgorithm {
  return KeyAlgorithmSchema.safeParse(value).success;
}

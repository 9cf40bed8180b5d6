import { type Certificate, readCertificate } from '@certlab/pki';

/**
 * Every job reads the same few CA certificates, and its leaf several times (from the job, from
 * the file before and after writing, for the inventory): each parse costs ~1 ms of pure-JS ASN.1,
 * so certificates are parsed once and remembered by their exact bytes. A Certificate is
 * immutable, so sharing one is safe; the bound keeps a long-running agent's memory flat.
 */
const MAX_ENTRIES = 512;
const parsed = new Map<string, Certificate>();

/** readCertificate, remembered; throws what readCertificate throws (and remembers no failure). */
export function readCertificateOnce(der: Uint8Array): Certificate {
  const key = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('latin1');
  const hit = parsed.get(key);
  if (hit) {
    // Most recently used last: the first key is the one to evict.
    parsed.delete(key);
    parsed.set(key, hit);
    return hit;
  }
  // A copy: the caller's buffer may be reused, the certificate's bytes must not change.
  const certificate = readCertificate(Uint8Array.from(der));
  parsed.set(key, certificate);
  if (parsed.size > MAX_ENTRIES) parsed.delete(parsed.keys().next().value as string);
  return certificate;
}

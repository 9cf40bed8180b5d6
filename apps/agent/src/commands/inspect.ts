import { readFileSync } from 'node:fs';
import { type Certificate, isPkiError, pemDecodeAll, readCertificates } from '@certlab/pki';

/**
 * `certlab-agent inspect <file…>`: what a PEM store file holds, as the agent will see it when it
 * inventories the store. Handy in demos ("is the new certificate in place yet?") and for checking
 * a store by hand.
 */
export function inspectPemFile(path: string): string {
  const text = readFileSync(path, 'latin1');
  const blocks = pemDecodeAll(text);
  const certificates = readCertificates(text);
  const keys = blocks.filter((block) => block.label.endsWith('PRIVATE KEY'));
  const lines = [`${path}: ${certificates.length} certificate(s), ${keys.length} private key(s)`];
  certificates.forEach((certificate, index) => lines.push(...describe(certificate, index)));
  for (const key of keys) lines.push(`  key: ${key.label}`);
  return `${lines.join('\n')}\n`;
}

function describe(certificate: Certificate, index: number): string[] {
  const sans = certificate.subjectAltNames;
  const names = [...sans.dns, ...sans.ip, ...sans.email, ...sans.uri];
  return [
    `  [${index}] ${certificate.subject || '(empty subject)'}`,
    `      issuer      ${certificate.issuer}`,
    `      serial      ${certificate.serialNumber}`,
    `      thumbprint  ${certificate.thumbprint}`,
    `      valid       ${certificate.notBefore.toISOString()} .. ${certificate.notAfter.toISOString()}`,
    `      key         ${certificate.publicKeyDescription}, signed ${certificate.signatureAlgorithm}`,
    ...(names.length > 0 ? [`      names       ${names.join(', ')}`] : []),
    ...(certificate.isCa ? ['      CA          yes'] : []),
  ];
}

/** Human message for a file that cannot be inspected. */
export function describeInspectError(path: string, error: unknown): string {
  if (isPkiError(error)) return `${path}: ${error.message} (${error.code})`;
  if (error instanceof Error && 'code' in error) return `${path}: ${error.message}`;
  throw error;
}

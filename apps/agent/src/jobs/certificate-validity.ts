import { type ServerTimeReading } from '../client/server-time';
import { readCertificateOnce } from '../stores/certificate-cache';
import { JobInputError } from './job.errors';

/**
 * Refuses a certificate that is not valid at the server's time: writing it would put a
 * certificate in service that its relying parties reject. The server's time, not this machine's:
 * a lab may run its clock ahead (`X-Certlab-Time`), and then a certificate issued "in 60 days"
 * is exactly what it should deliver. Without the server's time, this machine's clock decides.
 */
export function assertValidAt(
  certificates: readonly Uint8Array[],
  expectedThumbprint: string,
  time: ServerTimeReading,
): void {
  const parsed = certificates.map((der) => readCertificateOnce(der));
  const leaf =
    parsed.find((certificate) => certificate.thumbprint === expectedThumbprint.toUpperCase()) ??
    parsed[0];
  if (!leaf) return;
  const at = time.at.toISOString();
  const clock =
    time.source === 'server'
      ? `the server's time ${at}`
      : `this machine's time ${at} (the server sent no time)`;
  const period = `valid from ${leaf.notBefore.toISOString()} to ${leaf.notAfter.toISOString()}`;
  if (time.at < leaf.notBefore)
    throw new JobInputError(
      `certificate ${leaf.thumbprint} is not yet valid at ${clock}: ${period}; nothing written`,
    );
  if (time.at > leaf.notAfter)
    throw new JobInputError(
      `certificate ${leaf.thumbprint} has expired at ${clock}: ${period}; nothing written`,
    );
}

import { type CertificateDetail } from '@certlab/contracts';
import { Link } from 'react-router';
import { Badge, CopyButton, KeyValue } from '../../design';
import { daysBetween, formatRelative, formatUtc, lifetimeElapsed } from '../../lib/format';
import { isCaCertificate } from '../../lib/renew-form';

/** How far through its validity the certificate is, on the lab clock. */
export function LifetimeBar({ certificate, now }: { certificate: CertificateDetail; now: Date }) {
  const elapsed = lifetimeElapsed(certificate.notBefore, certificate.notAfter, now);
  const percent = Math.round(elapsed * 100);
  const total = daysBetween(certificate.notBefore, certificate.notAfter);
  const ended = now.getTime() > Date.parse(certificate.notAfter);
  return (
    <div className="lifetime">
      <span>
        {formatUtc(certificate.notBefore)} → {formatUtc(certificate.notAfter)}{' '}
        <span className="subtle">({total} days)</span>
      </span>
      <div
        className="lifetime-track"
        role="meter"
        aria-label="Lifetime elapsed on the lab clock"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent} % of the lifetime elapsed`}
      >
        <div
          className="lifetime-fill"
          data-state={certificate.state}
          style={{ width: `${percent}%` }}
        />
      </div>
      <div className="lifetime-ends">
        <span>{percent} % elapsed</span>
        <span>
          {ended
            ? `expired ${formatRelative(certificate.notAfter, now)}`
            : `expires ${formatRelative(certificate.notAfter, now)}`}
        </span>
      </div>
    </div>
  );
}

function Tags({ values, empty = 'none' }: { values: readonly string[]; empty?: string }) {
  if (values.length === 0) return <span className="subtle">{empty}</span>;
  return (
    <span className="tag-list">
      {values.map((value) => (
        <Badge key={value} tone="outline">
          {value}
        </Badge>
      ))}
    </span>
  );
}

function subjectAltNames(certificate: CertificateDetail): string[] {
  const sans = certificate.subjectAltNames;
  return [
    ...sans.dns.map((value) => `DNS:${value}`),
    ...sans.ip.map((value) => `IP:${value}`),
    ...sans.email.map((value) => `email:${value}`),
    ...sans.uri.map((value) => `URI:${value}`),
  ];
}

export function CertificateFacts({
  certificate,
  now,
}: {
  certificate: CertificateDetail;
  now: Date;
}) {
  return (
    <KeyValue
      label="Certificate fields"
      items={[
        { label: 'Subject', value: <span className="mono break">{certificate.subject}</span> },
        {
          label: 'Subject alternative names',
          value: <Tags values={subjectAltNames(certificate)} />,
        },
        {
          label: 'Issuer',
          value: (
            <span className="stack-sm" style={{ gap: 0 }}>
              <span className="mono break">{certificate.issuerDn}</span>
              {certificate.authority && (
                <span className="subtle">{certificate.authority.configName}</span>
              )}
            </span>
          ),
        },
        {
          label: 'Serial number',
          value: (
            <span className="row" style={{ flexWrap: 'nowrap' }}>
              <span className="mono break">{certificate.serialNumber}</span>
              <CopyButton value={certificate.serialNumber} label="Copy the serial number" />
            </span>
          ),
        },
        {
          label: 'Thumbprint (SHA-1)',
          value: (
            <span className="row" style={{ flexWrap: 'nowrap' }}>
              <span className="mono break">{certificate.thumbprint}</span>
              <CopyButton value={certificate.thumbprint} label="Copy the thumbprint" />
            </span>
          ),
        },
        { label: 'Key algorithm', value: certificate.keyAlgorithm },
        { label: 'Signature algorithm', value: certificate.signatureAlgorithm },
        {
          label: 'Template',
          value: certificate.template ? (
            certificate.template.shortName
          ) : (
            <span className="subtle">none (issued outside a template)</span>
          ),
        },
        { label: 'Validity', value: <LifetimeBar certificate={certificate} now={now} /> },
        { label: 'Extended key usages', value: <Tags values={certificate.extendedKeyUsages} /> },
        { label: 'Key usages', value: <Tags values={certificate.keyUsages} /> },
        {
          label: 'CRL distribution points',
          value:
            certificate.crlDistributionPoints.length === 0 ? (
              <span className="subtle">none</span>
            ) : (
              <span className="stack-sm" style={{ gap: 2 }}>
                {certificate.crlDistributionPoints.map((url) => (
                  <span key={url} className="mono break">
                    {url}
                  </span>
                ))}
              </span>
            ),
        },
        {
          label: 'Private key',
          value: certificate.hasPrivateKey
            ? 'held by certlab (sealed), delivered with the certificate'
            : 'not held by certlab',
        },
        {
          label: 'Issued by request',
          value:
            certificate.requestId === null ? (
              <span className="subtle">none (seeded or imported)</span>
            ) : (
              <span>request {certificate.requestId} (its timeline is below)</span>
            ),
        },
      ]}
    />
  );
}

export function ChainList({ certificate }: { certificate: CertificateDetail }) {
  if (certificate.chain.length === 0)
    return (
      <span className="subtle">
        {isCaCertificate(certificate) ? (
          <>
            A CA certificate: its place is in the <Link to="/">CA hierarchy</Link>.
          </>
        ) : (
          'No chain: no lab CA issued it.'
        )}
      </span>
    );
  return (
    <ol className="chain-list" aria-label="Chain from the issuing CA to the root">
      {certificate.chain.map((link, index) => (
        <li key={link.thumbprint}>
          <div className="mono break">{link.subject}</div>
          <div className="subtle">
            {index === certificate.chain.length - 1
              ? 'root'
              : index === 0
                ? 'issuing CA'
                : 'intermediate'}
            {link.configName ? ` · ${link.configName}` : ''} · until {formatUtc(link.notAfter)}
          </div>
        </li>
      ))}
    </ol>
  );
}

import { type CertificateDetail, isPositiveId } from '@certlab/contracts';
import { useQuery } from '@tanstack/react-query';
import { type ColumnDef } from '@tanstack/react-table';
import { Download, GitCompare, History, MapPin, Link2, Tags, Truck } from 'lucide-react';
import { Link, useParams } from 'react-router';
import { ApiError, errorMessage } from '../../api/client';
import { downloadHref, getCertificate } from '../../api/endpoints';
import { queryKeys } from '../../api/keys';
import { useAuthorities } from '../../api/queries';
import { useCan } from '../../app/auth';
import { useLabNow } from '../../app/lab-time';
import { PageHeader, usePageTitle } from '../../app/page';
import {
  Badge,
  Banner,
  Card,
  DataTable,
  DownloadLink,
  EmptyState,
  ErrorBanner,
  KeyValue,
  SkeletonBlock,
  StateBadge,
} from '../../design';
import { formatUtc } from '../../lib/format';
import { authorityOfCertificate, isCaCertificate } from '../../lib/renew-form';
import { NotFoundPage } from '../../app/NotFoundPage';
import { JobsTable } from '../common/JobsTable';
import { CertificateFacts, ChainList } from './CertificateFacts';
import { PendingRenewals } from './PendingRenewals';
import { CertificateDiffView, RenewalTimelineView } from './RenewalHistory';
import { RenewDialog } from './RenewDialog';
import { RevokeDialog } from './RevokeDialog';
import './certificate.css';

type Location = CertificateDetail['locations'][number];

const locationColumns: ColumnDef<Location>[] = [
  { id: 'machine', header: 'Machine', cell: ({ row }) => row.original.clientMachine },
  {
    id: 'store',
    header: 'Store',
    cell: ({ row }) => (
      <Link to={`/stores/${row.original.storeId}`} className="mono break">
        {row.original.storePath}
      </Link>
    ),
  },
  {
    id: 'alias',
    header: 'Alias',
    cell: ({ row }) => <span className="mono">{row.original.alias}</span>,
  },
  {
    id: 'kind',
    header: 'Kind',
    cell: ({ row }) =>
      row.original.isTrustStore ? (
        <Badge tone="info">trust store</Badge>
      ) : (
        <Badge tone="outline">store</Badge>
      ),
  },
];

function Lineage({ certificate }: { certificate: CertificateDetail }) {
  return (
    <KeyValue
      label="Lineage"
      items={[
        {
          label: 'Renewed from',
          value: certificate.renewedFrom ? (
            <span className="row">
              <Link to={`/certificates/${certificate.renewedFrom.id}`}>
                #{certificate.renewedFrom.id} {certificate.renewedFrom.commonName ?? ''}
              </Link>
              <StateBadge state={certificate.renewedFrom.state} />
            </span>
          ) : (
            <span className="subtle">nothing (an original)</span>
          ),
        },
        {
          label: 'Renewed by',
          value:
            certificate.renewedBy.length === 0 ? (
              <span className="subtle">not renewed yet</span>
            ) : (
              <span className="stack-sm" style={{ gap: 4 }}>
                {certificate.renewedBy.map((renewal) => (
                  <span key={renewal.id} className="row">
                    <Link to={`/certificates/${renewal.id}`}>
                      #{renewal.id} {renewal.commonName ?? ''}
                    </Link>
                    <StateBadge state={renewal.state} />
                  </span>
                ))}
              </span>
            ),
        },
      ]}
    />
  );
}

/** A CA's own certificate (in trust stores): renewed with its CA, so no Renew here. */
function CaCertificateNote({ certificate }: { certificate: CertificateDetail }) {
  const authorities = useAuthorities();
  const authority = authorityOfCertificate(certificate, authorities.data ?? []);
  return (
    <Banner tone="info" title="A CA certificate">
      {authority ? `The certificate of ${authority.configName}` : 'A certificate authority’s own'},
      as trust stores hold it. It is renewed with its CA, not as a leaf, so the console offers no
      Renew for it.
    </Banner>
  );
}

function CertificateView({ certificate }: { certificate: CertificateDetail }) {
  const now = useLabNow(15_000);
  const canRenew = useCan('enroll');
  const canRevoke = useCan('approve');
  const title = certificate.commonName ?? `Certificate #${certificate.id}`;
  const caCertificate = isCaCertificate(certificate);
  return (
    <>
      <PageHeader
        breadcrumb={
          <>
            <Link to="/certificates">Certificates</Link> / #{certificate.id}
          </>
        }
        title={
          <span className="row" style={{ gap: 'var(--space-3)' }}>
            <span className="break">{title}</span>
            <StateBadge state={certificate.state} />
          </span>
        }
        description={`${certificate.keyAlgorithm} · ${certificate.authority?.configName ?? certificate.issuerDn} · ${certificate.state === 'expired' ? 'expired' : 'expires'} ${formatUtc(certificate.notAfter)}`}
        actions={
          <>
            {canRenew && !caCertificate && <RenewDialog certificate={certificate} />}
            {canRevoke && certificate.authority && <RevokeDialog certificate={certificate} />}
          </>
        }
      />
      {certificate.revocation && (
        <Banner tone="warning" title="Revoked">
          Revoked {formatUtc(certificate.revocation.at)} for “{certificate.revocation.reason}”.
        </Banner>
      )}
      {caCertificate && <CaCertificateNote certificate={certificate} />}
      <PendingRenewals certificateId={certificate.id} />
      {certificate.renewedBy.length > 0 && certificate.state !== 'revoked' && (
        <Banner tone="info" title="Superseded">
          This certificate was renewed by{' '}
          {certificate.renewedBy.map((renewal, index) => (
            <span key={renewal.id}>
              {index > 0 && ', '}
              <Link to={`/certificates/${renewal.id}`}>#{renewal.id}</Link>
            </span>
          ))}
          .
        </Banner>
      )}
      <div className="grid-2" style={{ alignItems: 'start' }}>
        <Card title="Certificate">
          <CertificateFacts certificate={certificate} now={now} />
        </Card>
        <div className="stack">
          <Card title="Downloads" icon={<Download size={18} aria-hidden="true" />}>
            <div className="row">
              <DownloadLink
                href={downloadHref(certificate.id, 'pem')}
                icon={<Download size={14} aria-hidden="true" />}
              >
                PEM
              </DownloadLink>
              <DownloadLink
                href={downloadHref(certificate.id, 'der')}
                icon={<Download size={14} aria-hidden="true" />}
              >
                DER
              </DownloadLink>
              <DownloadLink
                href={downloadHref(certificate.id, 'chain')}
                icon={<Download size={14} aria-hidden="true" />}
              >
                PEM with chain
              </DownloadLink>
            </div>
          </Card>
          <Card title="Chain" icon={<Link2 size={18} aria-hidden="true" />}>
            <ChainList certificate={certificate} />
          </Card>
          <Card title="Lineage" icon={<History size={18} aria-hidden="true" />}>
            <Lineage certificate={certificate} />
          </Card>
          <Card title="Metadata" icon={<Tags size={18} aria-hidden="true" />}>
            {Object.keys(certificate.metadata).length === 0 ? (
              <span className="subtle">No metadata.</span>
            ) : (
              <KeyValue
                label="Metadata"
                items={Object.entries(certificate.metadata).map(([name, value]) => ({
                  label: name,
                  value,
                }))}
              />
            )}
          </Card>
        </div>
      </div>
      <Card title="Locations" icon={<MapPin size={18} aria-hidden="true" />} flush>
        <DataTable
          label="Stores holding this certificate"
          columns={locationColumns}
          data={certificate.locations}
          getRowId={(location) => `${location.storeId}-${location.alias}`}
          empty={
            <EmptyState title="In no store">No agent has this certificate in a store.</EmptyState>
          }
        />
      </Card>
      <div className="grid-2" style={{ alignItems: 'start' }}>
        <Card title="Renewal timeline" icon={<History size={18} aria-hidden="true" />}>
          <RenewalTimelineView certificate={certificate} />
        </Card>
        <Card
          title="Compared with the certificate it renewed"
          icon={<GitCompare size={18} aria-hidden="true" />}
        >
          <CertificateDiffView certificate={certificate} />
        </Card>
      </div>
      <Card title="Delivery jobs" icon={<Truck size={18} aria-hidden="true" />} flush>
        <JobsTable
          filter={{ certificateId: certificate.id }}
          limit={10}
          label="Jobs of this certificate"
        />
      </Card>
    </>
  );
}

export function CertificatePage() {
  const { id = '' } = useParams();
  const valid = isPositiveId(id);
  const certificateId = Number(id);
  const certificate = useQuery({
    queryKey: queryKeys.certificate(certificateId),
    queryFn: () => getCertificate(certificateId),
    enabled: valid,
    retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 2,
  });
  usePageTitle(certificate.data?.commonName ?? `Certificate #${id}`);
  if (!valid) return <NotFoundPage />;
  if (certificate.isPending) return <SkeletonBlock lines={12} label="Loading the certificate…" />;
  if (certificate.error instanceof ApiError && certificate.error.status === 404)
    return (
      <EmptyState title={`There is no certificate #${id}`}>
        <Link to="/certificates">Search the certificates</Link>
      </EmptyState>
    );
  if (certificate.data === undefined)
    return (
      <ErrorBanner
        message={errorMessage(certificate.error)}
        onRetry={() => void certificate.refetch()}
      />
    );
  return <CertificateView certificate={certificate.data} />;
}

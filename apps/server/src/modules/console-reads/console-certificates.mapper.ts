import {
  type CertificateDetail,
  type CertificateLocation,
  type CertificateSummary,
} from '@certlab/contracts';
import { type Certificate } from '@certlab/pki';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { toCertificateRef } from '../certificates/console-certificate-ref.mapper';
import { extendedKeyUsageNames } from '../certificates/policies/certificate-extensions';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { storeDisplayName } from '../stores/stores.service';
import { type TemplateEntity } from '../templates/template.entity';
import { isTrustStore } from './console-delivery.mapper';

/** What a page of certificate rows refers to, gathered with one query per table. */
export interface SummaryContext {
  authorities: Map<number, CertificateAuthorityEntity>;
  templates: Map<number, TemplateEntity>;
  locationCounts: Map<number, number>;
  renewedBy: Map<number, number>;
  now: Date;
}

/** Everything the certificate page shows beyond its row. */
export interface DetailFacts {
  parsed: Certificate;
  chain: Certificate[];
  metadata: Record<string, string>;
  locations: { alias: string; store: CertificateStoreEntity }[];
  renewedFrom: CertificateEntity | undefined;
  renewedBy: CertificateEntity[];
}

export function toCertificateSummary(
  certificate: CertificateEntity,
  context: SummaryContext,
): CertificateSummary {
  const authority =
    certificate.authorityId === null ? undefined : context.authorities.get(certificate.authorityId);
  const template =
    certificate.templateId === null ? undefined : context.templates.get(certificate.templateId);
  return {
    ...toCertificateRef(certificate, context.now),
    subject: certificate.subject,
    issuerDn: certificate.issuerDn,
    authority: authority ? { id: authority.id, configName: authority.configName } : null,
    template: template ? { id: template.id, shortName: template.shortName } : null,
    keyAlgorithm: certificate.keyAlgorithm,
    serialNumber: certificate.serialNumber,
    notBefore: certificate.notBefore.toISOString(),
    revokedAt: certificate.revokedAt?.toISOString() ?? null,
    locationCount: context.locationCounts.get(certificate.id) ?? 0,
    renewedById: context.renewedBy.get(certificate.id) ?? null,
  };
}

export function toCertificateDetail(
  certificate: CertificateEntity,
  context: SummaryContext,
  facts: DetailFacts,
): CertificateDetail {
  const authoritiesByThumbprint = new Map(
    [...context.authorities.values()].map((authority) => [authority.thumbprint, authority]),
  );
  const { parsed } = facts;
  return {
    ...toCertificateSummary(certificate, context),
    subjectAltNames: certificate.subjectAltNames,
    signatureAlgorithm: parsed.signatureAlgorithm,
    extendedKeyUsages: extendedKeyUsageNames(parsed),
    keyUsages: parsed.keyUsages,
    crlDistributionPoints: parsed.crlDistributionPoints,
    chain: facts.chain.map((member) => ({
      subject: member.subject,
      configName: authoritiesByThumbprint.get(member.thumbprint)?.configName ?? null,
      thumbprint: member.thumbprint,
      notAfter: member.notAfter.toISOString(),
    })),
    metadata: facts.metadata,
    locations: facts.locations.map(({ alias, store }) => toLocation(alias, store)),
    renewedFrom: facts.renewedFrom ? toCertificateRef(facts.renewedFrom, context.now) : null,
    renewedBy: facts.renewedBy.map((successor) => toCertificateRef(successor, context.now)),
    revocation:
      certificate.revokedAt === null
        ? null
        : {
            at: certificate.revokedAt.toISOString(),
            reason: certificate.revocationReason ?? 'unspecified',
          },
    hasPrivateKey: certificate.encryptedPrivateKey !== null,
    requestId: certificate.requestId,
    createdAt: certificate.createdAt.toISOString(),
    pem: parsed.pem,
  };
}

function toLocation(alias: string, store: CertificateStoreEntity): CertificateLocation {
  return {
    storeId: store.id,
    clientMachine: store.clientMachine,
    storePath: store.storePath,
    storeName: storeDisplayName(store),
    alias,
    isTrustStore: isTrustStore(store),
  };
}

import { readCertificate } from '@certlab/pki';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { type CertificateLocationEntity } from '../certificates/certificate-location.entity';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { type CertificateRequestEntity } from '../requests/certificate-request.entity';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { type TemplateEntity } from '../templates/template.entity';
import {
  CertState,
  certStateName,
  extendedKeyUsageDisplayName,
  KEY_USAGE_FLAGS,
  revocationReasonCode,
  SanType,
  storeTypeId,
} from './keyfactor-enums';
import {
  type KeyfactorCertificate,
  type KeyfactorCertificateLocation,
  type KeyfactorInventoryCertificate,
} from './keyfactor-models';
import { describeKeyAlgorithm } from './policies/key-description.policy';
import { firstDnAttribute } from './policies/distinguished-name';

export interface StoredLocation {
  location: CertificateLocationEntity;
  store: CertificateStoreEntity;
}

/** What a certificate model is built from besides the certificate row, loaded once per page. */
export interface CertificateMappingContext {
  authorities: ReadonlyMap<number, CertificateAuthorityEntity>;
  templates: ReadonlyMap<number, TemplateEntity>;
  requests: ReadonlyMap<number, CertificateRequestEntity>;
  /** Only with includeLocations; without it `Locations` is empty, as Command answers. */
  locations?: ReadonlyMap<number, StoredLocation[]>;
  /** Only with includeMetadata; without it `Metadata` is empty. */
  metadata?: ReadonlyMap<number, Record<string, string>>;
}

/** `Models.CertificateRetrievalResponse` from a certificate row. */
export function toKeyfactorCertificate(
  entity: CertificateEntity,
  context: CertificateMappingContext,
): KeyfactorCertificate {
  // Key usages, EKUs and CRL distribution points are not columns: read them from the certificate.
  const parsed = readCertificate(entity.certificatePem);
  const key = describeKeyAlgorithm(entity.keyAlgorithm);
  const authority =
    entity.authorityId === null ? undefined : context.authorities.get(entity.authorityId);
  const template =
    entity.templateId === null ? undefined : context.templates.get(entity.templateId);
  const request = entity.requestId === null ? undefined : context.requests.get(entity.requestId);
  const locations = context.locations?.get(entity.id) ?? [];
  const revoked = entity.revokedAt !== null;
  const state = revoked ? CertState.Revoked : CertState.Active;
  const keyUsage = parsed.keyUsages.reduce(
    (flags, name) => flags | (KEY_USAGE_FLAGS[name as keyof typeof KEY_USAGE_FLAGS] ?? 0),
    0,
  );

  return {
    Id: entity.id,
    Thumbprint: entity.thumbprint,
    SerialNumber: serialAsBytes(entity.serialNumber),
    IssuedDN: entity.subject,
    IssuedCN: entity.commonName,
    IssuedOU: firstDnAttribute(entity.subject, 'OU'),
    IssuedEmail: entity.subjectAltNames.email[0] ?? firstDnAttribute(entity.subject, 'E'),
    IssuerDN: entity.issuerDn,
    ImportDate: entity.createdAt.toISOString(),
    NotBefore: entity.notBefore.toISOString(),
    NotAfter: entity.notAfter.toISOString(),
    ...(template ? { TemplateId: template.id, TemplateName: template.displayName } : {}),
    ...(authority
      ? { CertificateAuthorityId: authority.id, CertificateAuthorityName: authority.configName }
      : {}),
    CertState: state,
    CertStateString: certStateName(state),
    KeyType: key.keyType,
    KeyTypeString: key.keyTypeString,
    KeySizeInBits: key.bits,
    Curve: key.curveOid,
    KeyUsage: keyUsage,
    DetailedKeyUsage: detailedKeyUsage(keyUsage),
    SigningAlgorithm: entity.signatureAlgorithm,
    ...(request ? { RequesterName: request.requester, CertRequestId: request.id } : {}),
    RevocationEffDate: entity.revokedAt?.toISOString() ?? null,
    RevocationReason: revoked ? revocationReasonCode(entity.revocationReason) : null,
    ArchivedKey: false,
    HasPrivateKey: entity.encryptedPrivateKey !== null,
    KeyRecoverable: entity.encryptedPrivateKey !== null,
    ContentBytes: Buffer.from(parsed.der).toString('base64'),
    ExtendedKeyUsages: parsed.extendedKeyUsages.map((oid, index) => ({
      Id: index + 1,
      Oid: oid,
      DisplayName: extendedKeyUsageDisplayName(oid),
    })),
    SubjectAltNameElements: subjectAltNameElements(entity.subjectAltNames),
    CRLDistributionPoints: parsed.crlDistributionPoints.map((url, index) => ({
      Id: index + 1,
      Url: url,
    })),
    LocationsCount: locationsCount(locations),
    SSLLocations: [],
    Locations: locations.map(toLocation),
    Metadata: context.metadata?.get(entity.id) ?? {},
  };
}

/** An inventory entry's certificate (`Models.CertificateStoreInventoryCertificates`). */
export function toInventoryCertificate(
  entity: CertificateEntity,
  location: CertificateLocationEntity,
): KeyfactorInventoryCertificate {
  return {
    Id: entity.id,
    CertStoreInventoryItemId: location.id,
    IssuedDN: entity.subject,
    IssuerDN: entity.issuerDn,
    SerialNumber: serialAsBytes(entity.serialNumber),
    Thumbprint: entity.thumbprint,
    SigningAlgorithm: entity.signatureAlgorithm,
    NotBefore: entity.notBefore.toISOString(),
    NotAfter: entity.notAfter.toISOString(),
    Metadata: {},
  };
}

/**
 * Serials are stored without leading zeros; Command shows the serial's bytes, so an odd number of
 * digits gets its zero back (`ABC` -> `0ABC`).
 */
export function serialAsBytes(serial: string): string {
  return serial.length % 2 === 0 ? serial : `0${serial}`;
}

function toLocation({ location, store }: StoredLocation): KeyfactorCertificateLocation {
  return {
    StoreMachine: store.clientMachine,
    StorePath: store.storePath,
    StoreType: storeTypeId(store.storeType),
    Alias: location.alias,
    // Leaf certificates sit at chain level 0 of their entry.
    ChainLevel: 0,
    CertStoreId: store.id,
  };
}

function locationsCount(locations: readonly StoredLocation[]): { Type: string; Count: number }[] {
  const counts = new Map<string, number>();
  for (const { store } of locations)
    counts.set(store.storeType, (counts.get(store.storeType) ?? 0) + 1);
  return [...counts].map(([type, count]) => ({ Type: type, Count: count }));
}

function subjectAltNameElements(
  sans: CertificateEntity['subjectAltNames'],
): KeyfactorCertificate['SubjectAltNameElements'] {
  const typed = [
    ...sans.dns.map((value) => ({ value, type: SanType.DnsName })),
    ...sans.ip.map((value) => ({ value, type: SanType.IpAddress })),
    ...sans.email.map((value) => ({ value, type: SanType.Rfc822Name })),
    ...sans.uri.map((value) => ({ value, type: SanType.Uri })),
  ];
  return typed.map(({ value, type }, index) => ({ Id: index + 1, Value: value, Type: type }));
}

function detailedKeyUsage(flags: number): KeyfactorCertificate['DetailedKeyUsage'] {
  const has = (flag: number) => (flags & flag) !== 0;
  return {
    CrlSign: has(KEY_USAGE_FLAGS.cRLSign),
    DataEncipherment: has(KEY_USAGE_FLAGS.dataEncipherment),
    DecipherOnly: has(KEY_USAGE_FLAGS.decipherOnly),
    DigitalSignature: has(KEY_USAGE_FLAGS.digitalSignature),
    EncipherOnly: has(KEY_USAGE_FLAGS.encipherOnly),
    KeyAgreement: has(KEY_USAGE_FLAGS.keyAgreement),
    KeyCertSign: has(KEY_USAGE_FLAGS.keyCertSign),
    KeyEncipherment: has(KEY_USAGE_FLAGS.keyEncipherment),
    NonRepudiation: has(KEY_USAGE_FLAGS.nonRepudiation),
    HexCode: flags.toString(16).padStart(2, '0'),
  };
}

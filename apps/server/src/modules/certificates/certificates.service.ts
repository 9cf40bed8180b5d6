import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, In, Repository } from 'typeorm';
import { type CmsLookup } from '@certlab/contracts';
import {
  type Certificate,
  isPkiError,
  normalizeDn,
  normalizeSerialNumber,
  normalizeThumbprint,
} from '@certlab/pki';
import { MetadataFieldEntity } from '../metadata/metadata-field.entity';
import { CertificateLocationEntity } from './certificate-location.entity';
import { CertificateMetadataEntity } from './certificate-metadata.entity';
import { CertificateEntity } from './certificate.entity';
import { CertificateErrors } from './certificates.errors';

/** What is recorded about a certificate when it is issued or imported. */
export interface NewCertificate {
  /** Explicit CMSID, for lab seeds that must keep the ids their file names; otherwise the next id. */
  id?: number;
  certificate: Certificate;
  encryptedPrivateKey: string | null;
  authorityId: number | null;
  templateId: number | null;
  requestId: number | null;
  renewedFromId: number | null;
  metadata: Record<string, string>;
  createdAt: Date;
}

@Injectable()
export class CertificatesService {
  constructor(
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    @InjectRepository(CertificateLocationEntity)
    private readonly locations: Repository<CertificateLocationEntity>,
    @InjectRepository(CertificateMetadataEntity)
    private readonly metadataValues: Repository<CertificateMetadataEntity>,
  ) {}

  async get(id: number): Promise<CertificateEntity> {
    const certificate = await this.certificates.findOneBy({ id });
    if (!certificate) throw CertificateErrors.notFound(`Certificate ${id} was not found.`);
    return certificate;
  }

  /** The classic Lookup: by CMSID, by serial number and issuer DN, or by thumbprint. */
  async lookup(lookup: CmsLookup): Promise<CertificateEntity> {
    let found: CertificateEntity | null;
    let described: string;
    switch (lookup.type) {
      case 'cmsid':
        found = await this.certificates.findOneBy({ id: lookup.cmsid });
        described = `CMSID ${lookup.cmsid}`;
        break;
      case 'serial': {
        const serialNumber = normalized(
          () => normalizeSerialNumber(lookup.serialnumber),
          'SerialNumber',
        );
        const issuerDn = normalized(() => normalizeDn(lookup.issuerdn), 'IssuerDN');
        found = await this.certificates.findOneBy({ serialNumber, issuerDn });
        described = `serial number ${serialNumber} from ${issuerDn}`;
        break;
      }
      case 'thumbprint': {
        const thumbprint = normalized(() => normalizeThumbprint(lookup.thumbprint), 'Thumbprint');
        found = await this.certificates.findOneBy({ thumbprint });
        described = `thumbprint ${thumbprint}`;
        break;
      }
    }
    if (!found) throw CertificateErrors.notFound(`No certificate matches ${described}.`);
    return found;
  }

  async findByThumbprint(thumbprint: string): Promise<CertificateEntity> {
    const normalizedThumbprint = normalized(() => normalizeThumbprint(thumbprint), 'Thumbprint');
    const found = await this.certificates.findOneBy({ thumbprint: normalizedThumbprint });
    if (!found)
      throw CertificateErrors.notFound(`No certificate has thumbprint ${normalizedThumbprint}.`);
    return found;
  }

  /** Metadata values by field name. */
  async metadataOf(
    certificateId: number,
    manager?: EntityManager,
  ): Promise<Record<string, string>> {
    const rows = await (manager?.getRepository(CertificateMetadataEntity) ?? this.metadataValues)
      .createQueryBuilder('value')
      .innerJoin(MetadataFieldEntity, 'field', 'field.id = value.field_id')
      .select(['field.name AS name', 'value.value AS value'])
      .where('value.certificate_id = :certificateId', { certificateId })
      .getRawMany<{ name: string; value: string }>();
    return Object.fromEntries(rows.map((row) => [row.name, row.value]));
  }

  locationsOf(certificateIds: number[]): Promise<CertificateLocationEntity[]> {
    return certificateIds.length === 0
      ? Promise.resolve([])
      : this.locations.findBy({ certificateId: In(certificateIds) });
  }

  /** Records an issued certificate with its metadata, inside the caller's transaction. */
  async record(manager: EntityManager, input: NewCertificate): Promise<CertificateEntity> {
    const { certificate } = input;
    const entity = manager.getRepository(CertificateEntity).create({
      ...(input.id === undefined ? {} : { id: input.id }),
      serialNumber: certificate.serialNumber,
      issuerDn: normalizeDn(certificate.issuer),
      thumbprint: certificate.thumbprint,
      subject: certificate.subject,
      commonName: commonNameOf(certificate.subject),
      subjectAltNames: certificate.subjectAltNames,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
      keyAlgorithm: certificate.publicKeyDescription,
      signatureAlgorithm: certificate.signatureAlgorithm,
      certificatePem: certificate.pem,
      encryptedPrivateKey: input.encryptedPrivateKey,
      authorityId: input.authorityId,
      templateId: input.templateId,
      requestId: input.requestId,
      renewedFromId: input.renewedFromId,
      revokedAt: null,
      revocationReason: null,
      createdAt: input.createdAt,
    });
    const saved = await manager.getRepository(CertificateEntity).save(entity);
    await this.setMetadata(manager, saved.id, input.metadata);
    return saved;
  }

  private async setMetadata(
    manager: EntityManager,
    certificateId: number,
    values: Record<string, string>,
  ): Promise<void> {
    const names = Object.keys(values);
    if (names.length === 0) return;
    const fields = await manager.getRepository(MetadataFieldEntity).findBy({ name: In(names) });
    const rows = fields
      .filter((field) => values[field.name] !== undefined && values[field.name] !== '')
      .map((field) => ({ certificateId, fieldId: field.id, value: values[field.name] ?? '' }));
    if (rows.length > 0) await manager.getRepository(CertificateMetadataEntity).insert(rows);
  }

  /**
   * After a successful Add: the certificate now sits in the store under the alias. A PEM store
   * that is not a trust store holds one entry, so whatever was there before is gone.
   */
  async placeInStore(
    manager: EntityManager,
    input: { storeId: string; certificateId: number; alias: string; singleEntry: boolean },
  ): Promise<void> {
    const locations = manager.getRepository(CertificateLocationEntity);
    if (input.singleEntry) await locations.delete({ storeId: input.storeId });
    else await locations.delete({ storeId: input.storeId, certificateId: input.certificateId });
    await locations.insert({
      storeId: input.storeId,
      certificateId: input.certificateId,
      alias: input.alias,
    });
  }

  /** After a Remove: the certificate is no longer in the store. */
  async removeFromStore(
    manager: EntityManager,
    input: { storeId: string; certificateId: number },
  ): Promise<void> {
    await manager.getRepository(CertificateLocationEntity).delete(input);
  }

  /**
   * An agent's inventory is the truth about a store: locations become exactly the known
   * certificates it reported (by thumbprint), keeping the aliases certlab already had for them.
   * Certificates certlab never issued or imported are not invented here.
   */
  async reconcileInventory(
    manager: EntityManager,
    storeId: string,
    thumbprints: string[],
  ): Promise<void> {
    const locations = manager.getRepository(CertificateLocationEntity);
    const current = await locations.findBy({ storeId });
    const reported =
      thumbprints.length === 0
        ? []
        : await manager.getRepository(CertificateEntity).findBy({ thumbprint: In(thumbprints) });
    const keep = new Set(reported.map((certificate) => certificate.id));
    const stale = current.filter((location) => !keep.has(location.certificateId));
    if (stale.length > 0) await locations.delete({ id: In(stale.map((location) => location.id)) });
    for (const certificate of reported) {
      if (!current.some((location) => location.certificateId === certificate.id)) {
        await locations.insert({
          storeId,
          certificateId: certificate.id,
          alias: certificate.thumbprint,
        });
      }
    }
  }

  /** The certificates certlab believes are in a store, with their aliases. */
  async locationsInStore(
    storeId: string,
  ): Promise<{ alias: string; thumbprint: string; hasKey: boolean }[]> {
    const rows = await this.locations
      .createQueryBuilder('location')
      .innerJoin(CertificateEntity, 'certificate', 'certificate.id = location.certificate_id')
      .select([
        'location.alias AS alias',
        'certificate.thumbprint AS thumbprint',
        'certificate.encrypted_private_key AS sealed',
      ])
      .where('location.store_id = :storeId', { storeId })
      .getRawMany<{ alias: string; thumbprint: string; sealed: string | null }>();
    return rows.map((row) => ({
      alias: row.alias,
      thumbprint: row.thumbprint,
      hasKey: row.sealed !== null,
    }));
  }

  /** Where the certificate sits: store id -> alias. */
  async locationAliases(certificateId: number): Promise<Map<string, string>> {
    const rows = await this.locations.findBy({ certificateId });
    return new Map(rows.map((row) => [row.storeId, row.alias]));
  }
}

/** Turns a pki parsing error on a typed-in identifier into a 400 that names the field. */
function normalized(parse: () => string, field: string): string {
  try {
    return parse();
  } catch (error) {
    if (isPkiError(error)) throw CertificateErrors.invalidLookup(`${field}: ${error.message}`);
    throw error;
  }
}

function commonNameOf(subject: string): string | null {
  const match = /(?:^|,)CN=((?:\\.|[^,+\\])*)/.exec(subject);
  return match?.[1]?.replace(/\\(.)/g, '$1') ?? null;
}

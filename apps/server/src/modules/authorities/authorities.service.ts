import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { CA_CONFIGURATION_PATTERN } from '@certlab/contracts';
import { type Certificate, type Issuer, importPrivateKey, readCertificate } from '@certlab/pki';
import { KeyVault } from '../../common/secrets/key-vault';
import { AppConfig } from '../../config/config';
import { AuthorityErrors } from './authorities.errors';
import { CertificateAuthorityEntity } from './certificate-authority.entity';
import { publicationUrls } from './publication-urls';

/** Sealing context of a CA key: the table and row it belongs to. */
export const authorityKeyContext = (id: number) => `certificate_authorities:${id}`;

@Injectable()
export class AuthoritiesService {
  /** Decrypted signing keys, by CA id: imported once per process, never written anywhere. */
  private readonly issuers = new Map<number, Promise<Issuer>>();
  private readonly chains = new Map<number, Promise<Certificate[]>>();

  constructor(
    @InjectRepository(CertificateAuthorityEntity)
    private readonly authorities: Repository<CertificateAuthorityEntity>,
    private readonly vault: KeyVault,
    private readonly config: AppConfig,
  ) {}

  /** The CRL distribution point and CA issuers URLs of the certificates this CA issues. */
  publicationUrls(authority: CertificateAuthorityEntity): {
    crlDistributionPoints: string[];
    caIssuersUrls: string[];
  } {
    return publicationUrls(this.config.publicUrl, authority.logicalName);
  }

  /** By the logical name in publication URLs; unique per lab, matched case-insensitively. */
  async findByLogicalName(logicalName: string): Promise<CertificateAuthorityEntity | null> {
    return this.authorities
      .createQueryBuilder('ca')
      .where('LOWER(ca.logical_name) = LOWER(:logicalName)', { logicalName })
      .getOne();
  }

  list(): Promise<CertificateAuthorityEntity[]> {
    return this.authorities.find({ order: { id: 'ASC' } });
  }

  async get(id: number): Promise<CertificateAuthorityEntity> {
    const authority = await this.authorities.findOneBy({ id });
    if (!authority) throw AuthorityErrors.notFound(`Certificate authority ${id} was not found.`);
    return authority;
  }

  /** `host\logical`, matched case-insensitively as Windows CA names are. */
  async findByConfiguration(configuration: string): Promise<CertificateAuthorityEntity> {
    if (!CA_CONFIGURATION_PATTERN.test(configuration)) {
      throw AuthorityErrors.malformedConfiguration(
        `CAConfiguration "${configuration}" is not of the form <host>\\<logical name>.`,
      );
    }
    const authority = await this.authorities
      .createQueryBuilder('ca')
      .where('LOWER(ca.config_name) = LOWER(:configuration)', { configuration })
      .getOne();
    if (!authority)
      throw AuthorityErrors.unknownAuthority(
        `Certificate authority "${configuration}" does not exist.`,
      );
    return authority;
  }

  /** The CA's certificate and decrypted key, ready to sign. */
  issuer(authority: CertificateAuthorityEntity): Promise<Issuer> {
    let issuer = this.issuers.get(authority.id);
    if (!issuer) {
      issuer = (async () => ({
        certificate: readCertificate(authority.certificatePem),
        privateKey: await importPrivateKey(
          this.vault.open(authority.encryptedPrivateKey, authorityKeyContext(authority.id)),
        ),
      }))();
      issuer.catch(() => this.issuers.delete(authority.id));
      this.issuers.set(authority.id, issuer);
    }
    return issuer;
  }

  /** `chain` by CA id, remembered: a CA's certificate and its parents never change. */
  chainOf(authorityId: number): Promise<Certificate[]> {
    let chain = this.chains.get(authorityId);
    if (!chain) {
      chain = this.get(authorityId).then((authority) => this.chain(authority));
      chain.catch(() => this.chains.delete(authorityId));
      this.chains.set(authorityId, chain);
    }
    return chain;
  }

  /** The CA's certificate and those above it, issuing CA first, root last. */
  async chain(authority: CertificateAuthorityEntity): Promise<Certificate[]> {
    const chain: Certificate[] = [];
    let current: CertificateAuthorityEntity | null = authority;
    while (current && chain.length < 8) {
      chain.push(readCertificate(current.certificatePem));
      current =
        current.parentId === null
          ? null
          : await this.authorities.findOneBy({ id: current.parentId });
    }
    return chain;
  }
}

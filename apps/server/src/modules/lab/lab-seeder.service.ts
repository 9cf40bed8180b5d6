import { createHash, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Injectable, Logger } from '@nestjs/common';
import { type EntityManager } from 'typeorm';
import {
  type Certificate,
  createIssuingCa,
  createRootCa,
  exportPrivateKey,
  generateKeyPair,
  type Issuer,
  issueLeafCertificate,
  pkiContext,
} from '@certlab/pki';
import { Clock } from '../../common/clock';
import { KeyVault } from '../../common/secrets/key-vault';
import { AppConfig } from '../../config/config';
import { UnitOfWork } from '../../database/unit-of-work';
import { AgentEntity, AgentStatus } from '../agents/agent.entity';
import { AuditService } from '../audit/audit.service';
import { authorityKeyContext } from '../authorities/authorities.service';
import { CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { logicalNameOf, publicationUrls } from '../authorities/publication-urls';
import { CertificateLocationEntity } from '../certificates/certificate-location.entity';
import { CertificatesService } from '../certificates/certificates.service';
import { JobsService } from '../jobs/jobs.service';
import { certificateKeyContext } from '../certificates/certificate-key-context';
import { MetadataFieldEntity } from '../metadata/metadata-field.entity';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { TemplateEntity } from '../templates/template.entity';
import { LabStateEntity } from './lab-state.entity';
import { type LabDefinition, readLabDefinition } from './lab-definition';

type AuthoritySeed = LabDefinition['authorities'][number];
type CertificateSeed = LabDefinition['certificates'][number];

/** Leaf certificates made and inserted at a time while seeding (enough to keep libuv's pool busy). */
const SEED_CHUNK = 200;

interface PreparedAuthority {
  seed: AuthoritySeed;
  issuer: Issuer;
  pkcs8: Uint8Array;
}

/**
 * Seeds the lab from its YAML definition on the first start: CAs (real keys, real certificates),
 * templates, metadata fields, machines, stores and certificates issued by the lab's CAs and
 * recorded where they are deployed. A data directory that was seeded once is never seeded again,
 * so restarts keep every renewal made since.
 */
@Injectable()
export class LabSeeder {
  private readonly logger = new Logger('Lab');

  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly vault: KeyVault,
    private readonly clock: Clock,
    private readonly certificates: CertificatesService,
    private readonly audit: AuditService,
    private readonly jobs: JobsService,
    private readonly config: AppConfig,
  ) {}

  async seedOnce(labFile: string): Promise<{ seeded: boolean; name: string }> {
    const existing = await this.unitOfWork.run((manager) =>
      manager.findOneBy(LabStateEntity, { key: 'lab' }),
    );
    if (existing) {
      const { name } = JSON.parse(existing.value) as { name: string };
      this.logger.log(`lab "${name}" already seeded; keeping its data`);
      return { seeded: false, name };
    }
    const lab = readLabDefinition(labFile);
    const digest = createHash('sha256').update(readFileSync(labFile)).digest('hex');
    const started = Date.now();
    // CA keys and certificates first, outside the transaction.
    const authorities = await this.prepareAuthorities(lab);
    await this.unitOfWork.run(async (manager) => {
      const authorityIds = await this.insertAuthorities(manager, authorities);
      const templateIds = await this.insertTemplates(manager, lab, authorityIds);
      await this.insertMetadataFields(manager, lab);
      await this.insertMachinesAndStores(manager, lab);
      // Leaves in chunks, made and inserted one chunk at a time: a lab of 10,000 certificates
      // then needs the memory of a chunk (all at once took 1.1 GB). Still one transaction, so a
      // lab is seeded entirely or not at all; nothing else is served while the lab is seeded.
      for (let start = 0; start < lab.certificates.length; start += SEED_CHUNK) {
        const seeds = lab.certificates.slice(start, start + SEED_CHUNK);
        const certificates = await this.prepareCertificates(lab, seeds, authorities);
        for (const [index, prepared] of certificates.entries()) {
          const seed = seeds[index] as CertificateSeed;
          await this.insertCertificate(manager, lab, seed, prepared, authorityIds, templateIds);
        }
      }
      await manager.insert(LabStateEntity, {
        key: 'lab',
        value: JSON.stringify({
          name: lab.name,
          file: labFile,
          digest,
          seededAt: this.clock.now(),
        }),
      });
      await this.audit.record(manager, {
        actor: 'system',
        action: 'lab.seeded',
        subjectType: 'lab',
        subjectId: lab.name,
        details: { file: labFile, digest },
      });
    });
    this.logger.log(
      `lab "${lab.name}" seeded: ${lab.authorities.length} CAs, ${lab.templates.length} templates, ${lab.stores.length} stores, ${lab.certificates.length} certificates in ${Date.now() - started} ms`,
    );
    return { seeded: true, name: lab.name };
  }

  private async prepareAuthorities(lab: LabDefinition): Promise<Map<string, PreparedAuthority>> {
    const ctx = pkiContext({ now: () => this.clock.now() });
    const prepared = new Map<string, PreparedAuthority>();
    const keys = await Promise.all(
      lab.authorities.map((seed) => generateKeyPair(seed.keyAlgorithm, ctx)),
    );
    // Parents before children: the lab lists a hierarchy top-down, and checkReferences ensures parents exist.
    for (const [index, seed] of lab.authorities.entries()) {
      const pair = keys[index] as CryptoKeyPair;
      const parent = seed.parent ? prepared.get(seed.parent.toLowerCase()) : undefined;
      if (seed.parent && !parent)
        throw new Error(`lab: CA ${seed.configuration} is listed before its parent ${seed.parent}`);
      const certificate = parent
        ? await createIssuingCa(
            {
              subject: seed.subject,
              publicKey: pair.publicKey,
              issuer: parent.issuer,
              validityDays: seed.validityDays,
              pathLength: seed.pathLength ?? 0,
              ...publicationUrls(this.config.publicUrl, logicalNameOf(parent.seed.configuration)),
            },
            ctx,
          )
        : await createRootCa(
            {
              subject: seed.subject,
              keys: pair,
              validityDays: seed.validityDays,
              pathLength: seed.pathLength,
            },
            ctx,
          );
      prepared.set(seed.configuration.toLowerCase(), {
        seed,
        issuer: { certificate, privateKey: pair.privateKey },
        pkcs8: await exportPrivateKey(pair.privateKey, ctx),
      });
    }
    return prepared;
  }

  private async prepareCertificates(
    lab: LabDefinition,
    seeds: CertificateSeed[],
    authorities: Map<string, PreparedAuthority>,
  ): Promise<{ certificate: Certificate; pkcs8: Uint8Array }[]> {
    const ctx = pkiContext({ now: () => this.clock.now() });
    const templates = new Map(
      lab.templates.map((template) => [template.shortName.toLowerCase(), template]),
    );
    return Promise.all(
      seeds.map(async (seed) => {
        const template = templates.get(seed.template.toLowerCase());
        const authority = authorities.get(
          (seed.authority ?? lab.defaultAuthority ?? '').toLowerCase(),
        );
        if (!template || !authority)
          throw new Error(`lab: certificate ${seed.subject} names an unknown template or CA`);
        const keys = await generateKeyPair(template.keyAlgorithm, ctx);
        const certificate = await issueLeafCertificate(
          {
            publicKey: keys.publicKey,
            issuer: authority.issuer,
            profile: {
              subject: seed.subject,
              subjectAltNames: { dns: seed.dns, ip: seed.ip, email: seed.email, uri: seed.uri },
              extendedKeyUsages: template.extendedKeyUsages,
              validityDays: seed.expiresInDays,
              ...publicationUrls(
                this.config.publicUrl,
                logicalNameOf(authority.seed.configuration),
              ),
            },
          },
          ctx,
        );
        return { certificate, pkcs8: await exportPrivateKey(keys.privateKey, ctx) };
      }),
    );
  }

  private async insertAuthorities(
    manager: EntityManager,
    authorities: Map<string, PreparedAuthority>,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const [key, { seed, issuer, pkcs8 }] of authorities) {
      const [host, logical] = seed.configuration.split('\\') as [string, string];
      const saved = await manager.save(
        manager.create(CertificateAuthorityEntity, {
          configName: seed.configuration,
          hostName: host,
          logicalName: logical,
          parentId: seed.parent ? (ids.get(seed.parent.toLowerCase()) ?? null) : null,
          isRoot: !seed.parent,
          subject: issuer.certificate.subject,
          thumbprint: issuer.certificate.thumbprint,
          keyAlgorithm: seed.keyAlgorithm,
          certificatePem: issuer.certificate.pem,
          encryptedPrivateKey: '',
          crlNumber: 0,
          createdAt: this.clock.now(),
        }),
      );
      // The row id is part of the sealing context, so the key is sealed once the row exists.
      await manager.update(
        CertificateAuthorityEntity,
        { id: saved.id },
        { encryptedPrivateKey: this.vault.seal(pkcs8, authorityKeyContext(saved.id)) },
      );
      ids.set(key, saved.id);
    }
    return ids;
  }

  private async insertTemplates(
    manager: EntityManager,
    lab: LabDefinition,
    authorityIds: Map<string, number>,
  ): Promise<Map<string, number>> {
    const ids = new Map<string, number>();
    for (const seed of lab.templates) {
      const saved = await manager.save(
        manager.create(TemplateEntity, {
          shortName: seed.shortName,
          displayName: seed.displayName,
          keyAlgorithm: seed.keyAlgorithm,
          validityDays: seed.validityDays,
          extendedKeyUsages: seed.extendedKeyUsages,
          requiresApproval: seed.requiresApproval,
          allowedAuthorities: seed.authorities.map(
            (name) => ({ id: authorityIds.get(name.toLowerCase()) }) as CertificateAuthorityEntity,
          ),
        }),
      );
      ids.set(seed.shortName.toLowerCase(), saved.id);
    }
    return ids;
  }

  private async insertMetadataFields(manager: EntityManager, lab: LabDefinition): Promise<void> {
    for (const [index, seed] of lab.metadataFields.entries()) {
      await manager.insert(MetadataFieldEntity, {
        name: seed.name,
        description: seed.description,
        dataType: seed.dataType as MetadataFieldEntity['dataType'],
        enrollment: seed.enrollment as MetadataFieldEntity['enrollment'],
        hint: seed.hint ?? null,
        validation: seed.validation ?? null,
        message: seed.message ?? null,
        options: seed.options ?? null,
        defaultValue: seed.defaultValue ?? null,
        displayOrder: index,
      });
    }
  }

  private async insertMachinesAndStores(manager: EntityManager, lab: LabDefinition): Promise<void> {
    const agentIds = new Map<string, string>();
    for (const machine of lab.machines.filter((candidate) => candidate.preApproved)) {
      const id = randomUUID();
      await manager.insert(AgentEntity, {
        id,
        clientMachine: machine.clientMachine,
        status: AgentStatus.Approved,
        version: null,
        capabilities: [],
        lastSeen: null,
        createdAt: this.clock.now(),
      });
      agentIds.set(machine.clientMachine, id);
    }
    for (const seed of lab.stores) {
      await manager.insert(CertificateStoreEntity, {
        id: seed.id.toLowerCase(),
        clientMachine: seed.clientMachine,
        storePath: seed.storePath,
        storeType: seed.storeType,
        properties: seed.properties,
        containerName: null,
        agentId: agentIds.get(seed.clientMachine) ?? null,
        approved: true,
        createIfMissing: true,
        createdAt: this.clock.now(),
      });
    }
  }

  private async insertCertificate(
    manager: EntityManager,
    lab: LabDefinition,
    seed: CertificateSeed,
    prepared: { certificate: Certificate; pkcs8: Uint8Array },
    authorityIds: Map<string, number>,
    templateIds: Map<string, number>,
  ): Promise<void> {
    const saved = await this.certificates.record(manager, {
      id: seed.id,
      certificate: prepared.certificate,
      encryptedPrivateKey: this.vault.seal(
        prepared.pkcs8,
        certificateKeyContext(prepared.certificate.thumbprint),
      ),
      authorityId:
        authorityIds.get((seed.authority ?? lab.defaultAuthority ?? '').toLowerCase()) ?? null,
      templateId: templateIds.get(seed.template.toLowerCase()) ?? null,
      requestId: null,
      renewedFromId: null,
      metadata: seed.metadata,
      createdAt: this.clock.now(),
    });
    if (seed.store) {
      const alias = seed.alias ?? prepared.certificate.thumbprint;
      const storeId = seed.store.toLowerCase();
      await manager.insert(CertificateLocationEntity, { certificateId: saved.id, storeId, alias });
      // The lab says the certificate is deployed there: an Add job makes it true on disk once
      // the machine's agent runs.
      const store = await manager.findOneByOrFail(CertificateStoreEntity, { id: storeId });
      await this.jobs.scheduleAdd(manager, {
        store,
        certificateId: saved.id,
        alias,
        requestId: null,
        requestedBy: 'system',
      });
    }
  }
}

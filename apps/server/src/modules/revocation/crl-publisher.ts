import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, IsNull, Not, Repository } from 'typeorm';
import { createCrl, pkiContext } from '@certlab/pki';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificateEntity } from '../certificates/certificate.entity';
import { CertificateRevocationListEntity } from './certificate-revocation-list.entity';
import { crlReasonOf } from './revocation-reason';

/** How long relying parties may cache a CRL (its nextUpdate). */
export const CRL_VALIDITY_HOURS = 7 * 24;

/**
 * Keeps one current CRL per CA. Revocations only mark the CA's CRL as changed (`markChanged`, in
 * the revoking transaction); the CRL is built when it is next fetched, so revoking thousands of
 * certificates costs one signature. A CRL is also rebuilt once the lab clock passes its nextUpdate
 * (or goes back before its thisUpdate): the clock may be moved, and a fetched CRL must be current
 * at the clock's now.
 */
@Injectable()
export class CrlPublisher {
  /** Builds in flight per CA: concurrent fetchers share one signature. */
  private readonly builds = new Map<number, Promise<Uint8Array>>();

  constructor(
    @InjectRepository(CertificateRevocationListEntity)
    private readonly crls: Repository<CertificateRevocationListEntity>,
    @InjectRepository(CertificateEntity)
    private readonly certificates: Repository<CertificateEntity>,
    private readonly authorities: AuthoritiesService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  /** Records, inside the caller's transaction, that these CAs' revocations changed. */
  async markChanged(manager: EntityManager, authorityIds: Iterable<number>): Promise<void> {
    for (const authorityId of new Set(authorityIds)) {
      await ensureCrlRow(manager, authorityId);
      await manager
        .createQueryBuilder()
        .update(CertificateRevocationListEntity)
        .set({ revision: () => 'revision + 1' })
        .where('authority_id = :authorityId', { authorityId })
        .execute();
    }
  }

  /** The CA's current CRL (DER), built first when it is missing, stale or out of date. */
  async crlFor(authorityId: number): Promise<Uint8Array> {
    // Throws the authorities' 404 for an unknown CA before anything is built.
    await this.authorities.get(authorityId);
    // A fetch that joined a build started before the latest revocation checks again afterwards.
    for (let round = 0; ; round++) {
      const current = await this.current(authorityId);
      if (current || round === 3) return current ?? this.build(authorityId);
      let build = this.builds.get(authorityId);
      if (!build) {
        build = this.build(authorityId).finally(() => this.builds.delete(authorityId));
        this.builds.set(authorityId, build);
      }
      await build;
    }
  }

  private async current(authorityId: number): Promise<Uint8Array | undefined> {
    const row = await this.crls.findOneBy({ authorityId });
    const now = this.clock.now();
    const fresh =
      row?.der &&
      row.builtRevision >= row.revision &&
      row.thisUpdate !== null &&
      row.nextUpdate !== null &&
      row.thisUpdate <= now &&
      now < row.nextUpdate;
    return fresh ? Buffer.from(row.der ?? '', 'base64') : undefined;
  }

  private async build(authorityId: number): Promise<Uint8Array> {
    const authority = await this.authorities.get(authorityId);
    const previous = await this.crls.findOneBy({ authorityId });
    // Read before the entries: a revocation committed after this read leaves the CRL stale.
    const revision = previous?.revision ?? 0;
    const previousNumber = previous?.crlNumber ?? 0;
    const revoked = await this.certificates.find({
      select: { serialNumber: true, revokedAt: true, revocationReason: true },
      where: { authorityId, revokedAt: Not(IsNull()) },
      order: { id: 'ASC' },
    });
    const now = this.clock.now();
    const crl = await createCrl(
      {
        issuer: await this.authorities.issuer(authority),
        entries: revoked.map((certificate) => ({
          serialNumber: certificate.serialNumber,
          revocationDate: certificate.revokedAt ?? now,
          reason: crlReasonOf(certificate.revocationReason),
        })),
        crlNumber: previousNumber + 1,
        nextUpdateHours: CRL_VALIDITY_HOURS,
      },
      pkiContext({ now: () => now }),
    );
    const stored = await this.unitOfWork.run(async (manager) => {
      await ensureCrlRow(manager, authorityId);
      // Conditional on the number this build started from: of two servers building at once,
      // one stores its CRL and the other serves that one, so numbers never repeat.
      const result = await manager
        .createQueryBuilder()
        .update(CertificateRevocationListEntity)
        .set({
          crlNumber: previousNumber + 1,
          builtRevision: revision,
          thisUpdate: crl.thisUpdate,
          nextUpdate: crl.nextUpdate ?? null,
          der: Buffer.from(crl.der).toString('base64'),
        })
        .where('authority_id = :authorityId AND crl_number = :previousNumber', {
          authorityId,
          previousNumber,
        })
        .execute();
      if (result.affected === 1) return crl.der;
      const winner = await manager.findOneByOrFail(CertificateRevocationListEntity, {
        authorityId,
      });
      return Buffer.from(winner.der ?? '', 'base64');
    });
    return stored;
  }
}

/** The CA's CRL row, created empty the first time its revocations change or its CRL is built. */
async function ensureCrlRow(manager: EntityManager, authorityId: number): Promise<void> {
  await manager
    .createQueryBuilder()
    .insert()
    .into(CertificateRevocationListEntity)
    .values({ authorityId, revision: 0, builtRevision: 0, crlNumber: 0 })
    .orIgnore()
    .execute();
}

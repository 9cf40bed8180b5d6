import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/permissions';
import { CertificatesService } from '../certificates/certificates.service';
import { JobLifecycleService } from '../jobs/job-lifecycle.service';
import { JobsService } from '../jobs/jobs.service';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { StoresService } from '../stores/stores.service';
import { EnrollmentErrors } from './enrollment.errors';

export interface DeploymentTarget {
  storeId: string;
  /** The alias to (over)write; the certificate's thumbprint when absent. */
  alias?: string;
  overwrite?: boolean;
}

/**
 * Delivery of a certificate certlab holds (with its key) into stores, apart from renewal: the
 * newer API's PFX/Deploy (chosen stores) and PFX/Replace (every store where an older certificate
 * sits, under the same alias, replacing it). All jobs of one call are scheduled together or none.
 */
@Injectable()
export class DeploymentService {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly stores: StoresService,
    private readonly jobs: JobsService,
    private readonly lifecycle: JobLifecycleService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly clock: Clock,
  ) {}

  async deploy(
    certificateId: number,
    targets: DeploymentTarget[],
    actor: Actor,
    scheduledFor?: Date,
  ): Promise<CertificateStoreEntity[]> {
    const certificate = await this.certificates.get(certificateId);
    if (!certificate.encryptedPrivateKey) {
      throw EnrollmentErrors.cannotIssue(
        `Certificate ${certificateId} has no private key held by certlab; it cannot be deployed as a PFX.`,
      );
    }
    if (targets.length === 0)
      throw EnrollmentErrors.invalidRequest('Name at least one store to deploy to.');
    const stores = await this.stores.requireAll(targets.map((target) => target.storeId));
    const byId = new Map(targets.map((target) => [target.storeId.toLowerCase(), target]));
    await this.unitOfWork.run(async (manager) => {
      for (const store of stores) {
        const target = byId.get(store.id);
        await this.jobs.scheduleAdd(manager, {
          store,
          certificateId: certificate.id,
          alias: target?.alias ?? certificate.thumbprint,
          overwrite: target?.overwrite ?? true,
          requestId: certificate.requestId,
          requestedBy: actor.username,
          scheduledFor: scheduledFor ?? this.clock.now(),
        });
      }
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'certificate.deploy-scheduled',
        subjectType: 'certificate',
        subjectId: certificate.id,
        details: { stores: stores.map((store) => store.id) },
      });
    });
    this.lifecycle.notifyScheduled();
    return stores;
  }

  /** Inventory jobs for the stores: their agents report what each holds. */
  async scheduleInventory(
    storeIds: string[],
    actor: Actor,
    scheduledFor?: Date,
  ): Promise<CertificateStoreEntity[]> {
    const stores = await this.stores.requireAll(storeIds);
    await this.unitOfWork.run(async (manager) => {
      for (const store of stores) {
        await this.jobs.scheduleInventory(manager, {
          store,
          requestedBy: actor.username,
          scheduledFor,
        });
      }
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'store.inventory-scheduled',
        subjectType: 'store',
        subjectId: stores.map((store) => store.id).join(','),
        details: { stores: stores.map((store) => store.id) },
      });
    });
    this.lifecycle.notifyScheduled();
    return stores;
  }

  /** Schedules the new certificate into every store where the existing one is, under its alias. */
  async replace(
    existingCertificateId: number,
    certificateId: number,
    actor: Actor,
    scheduledFor?: Date,
  ): Promise<CertificateStoreEntity[]> {
    await this.certificates.get(existingCertificateId);
    const aliases = await this.certificates.locationAliases(existingCertificateId);
    if (aliases.size === 0) {
      throw EnrollmentErrors.invalidRequest(
        `Certificate ${existingCertificateId} is not located in any certificate store.`,
      );
    }
    return this.deploy(
      certificateId,
      [...aliases].map(([storeId, alias]) => ({ storeId, alias, overwrite: true })),
      actor,
      scheduledFor,
    );
  }
}

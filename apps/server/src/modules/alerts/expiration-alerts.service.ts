import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type EntityManager, Repository } from 'typeorm';
import { Clock } from '../../common/clock';
import { AppError } from '../../common/errors/app-error';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/permissions';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateCollectionEntity } from '../collections/certificate-collection.entity';
import { CollectionErrors } from '../collections/collections.errors';
import { CollectionsService } from '../collections/collections.service';
import { LiveEvents } from '../live-events/live-events.service';
import { TemplatesService } from '../templates/templates.service';
import { AlertScheduleEntity } from './alert-schedule.entity';
import { AlertErrors } from './alerts.errors';
import { type AlertCreate } from './alerts.schemas';
import { checkParameters, findHandler, parameterValue } from './event-handlers';
import { ExpirationAlertEntity } from './expiration-alert.entity';
import { type AlertSchedule } from './policies/alert-schedule';

export const EXPIRATION_SCHEDULE_KIND = 'expiration';

/** An alert with the collection it names, as the mappers need it. */
export interface AlertWithCollection {
  alert: ExpirationAlertEntity;
  collection: CertificateCollectionEntity;
}

/** Expiration alert definitions and their one global schedule. Everything is checked before saving. */
@Injectable()
export class ExpirationAlertsService {
  constructor(
    @InjectRepository(ExpirationAlertEntity)
    private readonly alerts: Repository<ExpirationAlertEntity>,
    @InjectRepository(AlertScheduleEntity)
    private readonly schedules: Repository<AlertScheduleEntity>,
    private readonly collections: CollectionsService,
    private readonly templates: TemplatesService,
    private readonly authorities: AuthoritiesService,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly live: LiveEvents,
    private readonly clock: Clock,
  ) {}

  async list(): Promise<AlertWithCollection[]> {
    const alerts = await this.alerts.find({ order: { id: 'ASC' } });
    const collections = new Map(
      (await this.collections.list()).map((collection) => [collection.id, collection]),
    );
    return alerts.flatMap((alert) => {
      const collection = collections.get(alert.collectionId);
      return collection ? [{ alert, collection }] : [];
    });
  }

  async get(id: number): Promise<ExpirationAlertEntity> {
    const alert = await this.alerts.findOneBy({ id });
    if (!alert) throw AlertErrors.notFound(`Expiration alert ${id} was not found.`);
    return alert;
  }

  async view(id: number): Promise<AlertWithCollection> {
    const alert = await this.get(id);
    return { alert, collection: await this.collections.get(alert.collectionId) };
  }

  async create(input: AlertCreate, actor: Actor): Promise<AlertWithCollection> {
    const { fields, collection } = await this.checked(input);
    const alert = await this.unitOfWork.run(async (manager) => {
      const repository = manager.getRepository(ExpirationAlertEntity);
      const saved = await repository.save(
        repository.create({ ...fields, createdAt: this.clock.now() }),
      );
      await this.recordChange(manager, actor, 'alert.created', saved.id, fields);
      return saved;
    });
    return { alert, collection };
  }

  async update(id: number, input: AlertCreate, actor: Actor): Promise<AlertWithCollection> {
    await this.get(id);
    const { fields, collection } = await this.checked(input);
    await this.unitOfWork.run(async (manager) => {
      await manager.getRepository(ExpirationAlertEntity).update({ id }, fields);
      await this.recordChange(manager, actor, 'alert.updated', id, fields);
    });
    return { alert: await this.get(id), collection };
  }

  /** Its runs, results, outbox messages and report-once rows go with it (foreign key cascade). */
  async delete(id: number, actor: Actor): Promise<void> {
    const alert = await this.get(id);
    await this.unitOfWork.run(async (manager) => {
      await manager.getRepository(ExpirationAlertEntity).delete({ id });
      await this.recordChange(manager, actor, 'alert.deleted', id, {
        displayName: alert.displayName,
      });
    });
  }

  async all(): Promise<ExpirationAlertEntity[]> {
    return this.alerts.find({ order: { id: 'ASC' } });
  }

  async schedule(): Promise<AlertScheduleEntity> {
    return (
      (await this.schedules.findOneBy({ kind: EXPIRATION_SCHEDULE_KIND })) ?? {
        kind: EXPIRATION_SCHEDULE_KIND,
        schedule: null,
        setAt: null,
        lastRunAt: null,
      }
    );
  }

  /** A new schedule starts counting from now: occurrences before it never fire. */
  async setSchedule(schedule: AlertSchedule | null, actor: Actor): Promise<AlertScheduleEntity> {
    return this.unitOfWork.run(async (manager) => {
      const repository = manager.getRepository(AlertScheduleEntity);
      const current = await repository.findOneBy({ kind: EXPIRATION_SCHEDULE_KIND });
      const row: AlertScheduleEntity = {
        kind: EXPIRATION_SCHEDULE_KIND,
        schedule,
        setAt: schedule === null ? null : this.clock.now(),
        lastRunAt: current?.lastRunAt ?? null,
      };
      await repository.save(row);
      this.live.publishOnCommit(manager, { type: 'alerts' });
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'alert-schedule.changed',
        subjectType: 'alert-schedule',
        subjectId: EXPIRATION_SCHEDULE_KIND,
        details: { from: current?.schedule ?? null, to: schedule },
      });
      return row;
    });
  }

  async recordScheduledRun(at: Date): Promise<void> {
    await this.schedules.update({ kind: EXPIRATION_SCHEDULE_KIND }, { lastRunAt: at });
  }

  private async recordChange(
    manager: EntityManager,
    actor: Actor,
    action: string,
    id: number,
    details: object,
  ): Promise<void> {
    this.live.publishOnCommit(manager, { type: 'alerts', ids: [id] });
    await this.audit.record(manager, {
      actor: actor.username,
      action,
      subjectType: 'expiration-alert',
      subjectId: id,
      details: { ...details },
    });
  }

  private async checked(input: AlertCreate): Promise<{
    fields: Omit<ExpirationAlertEntity, 'id' | 'createdAt'>;
    collection: CertificateCollectionEntity;
  }> {
    const collection = await this.collections
      .get(input.certificatequeryid)
      .catch((error: unknown) => {
        // A missing collection is the client's mistake (400), not a missing alert (404).
        if (error instanceof AppError && error.code === CollectionErrors.codes.notFound) {
          throw AlertErrors.unknownCollection(
            `Certificate collection ${input.certificatequeryid} does not exist (CertificateQueryId); create it with POST /KeyfactorAPI/CertificateCollections.`,
          );
        }
        throw error;
      });
    const handler = input.registeredeventhandler
      ? findHandler(input.registeredeventhandler.id)
      : undefined;
    const parameters = checkParameters(
      handler,
      input.eventhandlerparameters.map((parameter) => ({
        key: parameter.key,
        value: parameter.defaultvalue,
        type: parameter.parametertype,
      })),
    );
    // Names are checked now; whether the template fits the CA can only be known per certificate
    // when one of the two comes from it.
    const templateName = parameterValue(parameters, 'Template');
    const caName = parameterValue(parameters, 'CAConfiguration');
    const template = templateName ? await this.templates.findByShortName(templateName) : undefined;
    const authority = caName ? await this.authorities.findByConfiguration(caName) : undefined;
    if (template && authority) this.templates.assertAllowedOn(template, authority);
    return {
      collection,
      fields: {
        displayName: input.displayname,
        subject: input.subject,
        message: input.message,
        warningDays: input.expirationwarningdays,
        collectionId: collection.id,
        recipients: input.recipients,
        handlerId: handler?.id ?? null,
        useHandler: input.registeredeventhandler?.usehandler ?? false,
        handlerParameters: parameters,
      },
    };
  }
}

import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { CollectionsModule } from '../collections/collections.module';
import { EnrollmentModule } from '../enrollment/enrollment.module';
import { LiveEventsModule } from '../live-events/live-events.module';
import { TemplatesModule } from '../templates/templates.module';
import { AlertRunner } from './alert-runner.service';
import { AlertRunsService } from './alert-runs.service';
import { AlertScheduler } from './alert-scheduler.service';
import { AlertsConsoleController } from './alerts-console.controller';
import { ConsoleExpirationAlertsController } from './console-expiration-alerts.controller';
import { ExpirationAlertsService } from './expiration-alerts.service';
import { KeyfactorExpirationAlertsController } from './keyfactor-expiration-alerts.controller';
import { NotificationsService } from './notifications.service';
import { RenewalHandler } from './renewal-handler';

/** Expiration alerts: definitions, the schedule, runs with the renewal handler, the outbox. */
@Module({
  imports: [
    AuditModule,
    AuthoritiesModule,
    CertificatesModule,
    CollectionsModule,
    EnrollmentModule,
    LiveEventsModule,
    TemplatesModule,
  ],
  controllers: [
    KeyfactorExpirationAlertsController,
    ConsoleExpirationAlertsController,
    AlertsConsoleController,
  ],
  providers: [
    ExpirationAlertsService,
    AlertRunner,
    AlertRunsService,
    AlertScheduler,
    NotificationsService,
    RenewalHandler,
  ],
  exports: [ExpirationAlertsService, AlertScheduler],
})
export class AlertsModule {}

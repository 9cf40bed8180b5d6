import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { CommonModule } from './common/common.module';
import { ErrorResponseFilter } from './common/errors/error-response.filter';
import { type AppConfig } from './config/config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { AgentsModule } from './modules/agents/agents.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { AuthModule } from './modules/auth/auth.module';
import { CampaignsModule } from './modules/campaigns/campaigns.module';
import { CollectionsModule } from './modules/collections/collections.module';
import { ConsoleReadsModule } from './modules/console-reads/console-reads.module';
import { EnrollmentModule } from './modules/enrollment/enrollment.module';
import { HealthModule } from './modules/health/health.module';
import { KeyfactorApiModule } from './modules/keyfactor-api/keyfactor-api.module';
import { LabModule } from './modules/lab/lab.module';
import { LabClockModule } from './modules/lab-clock/lab-clock.module';
import { LiveEventsModule } from './modules/live-events/live-events.module';
import { RenewalHistoryModule } from './modules/renewal-history/renewal-history.module';
import { RevocationModule } from './modules/revocation/revocation.module';

/** The whole server. Takes its configuration as an argument so tests boot it with their own. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        AuthModule,
        LiveEventsModule,
        LabClockModule,
        LabModule,
        HealthModule,
        EnrollmentModule,
        AgentsModule,
        KeyfactorApiModule,
        RevocationModule,
        RenewalHistoryModule,
        CampaignsModule,
        CollectionsModule,
        AlertsModule,
        ConsoleReadsModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ErrorResponseFilter }],
    };
  }
}

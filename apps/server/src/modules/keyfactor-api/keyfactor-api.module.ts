import { type MiddlewareConsumer, Module, type NestModule, RequestMethod } from '@nestjs/common';
import { AgentsModule } from '../agents/agents.module';
import { KeyfactorExpirationAlertsController } from '../alerts/keyfactor-expiration-alerts.controller';
import { KeyfactorCollectionsController } from '../collections/keyfactor-collections.controller';
import { AuthoritiesModule } from '../authorities/authorities.module';
import { CertificatesModule } from '../certificates/certificates.module';
import { EnrollmentModule } from '../enrollment/enrollment.module';
import { MetadataModule } from '../metadata/metadata.module';
import { RequestsModule } from '../requests/requests.module';
import { RevocationModule } from '../revocation/revocation.module';
import { StoresModule } from '../stores/stores.module';
import { TemplatesModule } from '../templates/templates.module';
import { KeyfactorCertificateDownload } from './keyfactor-certificate-download.service';
import { KeyfactorCertificateSearch } from './keyfactor-certificate-search.service';
import { KeyfactorCertificatesController } from './keyfactor-certificates.controller';
import { KEYFACTOR_API_PREFIX } from './keyfactor-controller.decorator';
import { KeyfactorDeliveryController } from './keyfactor-delivery.controller';
import { KeyfactorEnrollmentController } from './keyfactor-enrollment.controller';
import { KeyfactorHeadersGuard } from './keyfactor-headers.guard';
import { KeyfactorInventoryController } from './keyfactor-inventory.controller';
import { KeyfactorOrchestratorReads } from './keyfactor-orchestrator-reads.service';
import { KeyfactorProductVersionMiddleware } from './keyfactor-product-version.middleware';
import { KeyfactorReferenceDataController } from './keyfactor-reference-data.controller';
import { KeyfactorRenewalAvailability } from './keyfactor-renewal-availability.service';
import { KeyfactorRevocationController } from './keyfactor-revocation.controller';
import { describeRoutes, KEYFACTOR_API_ROUTES } from './keyfactor-routes';
import { KeyfactorStatusController } from './keyfactor-status.controller';
import { KeyfactorWorkflowController } from './keyfactor-workflow.controller';
import { KeyfactorWorkflowReads } from './keyfactor-workflow-reads.service';

/** Every controller of the dialect: Nest serves them and `GET /Status/Endpoints` lists them. */
export const KEYFACTOR_API_CONTROLLERS = [
  KeyfactorStatusController,
  KeyfactorCertificatesController,
  KeyfactorReferenceDataController,
  KeyfactorInventoryController,
  KeyfactorWorkflowController,
  KeyfactorEnrollmentController,
  KeyfactorDeliveryController,
  KeyfactorRevocationController,
];

/**
 * Controllers of the dialect that live in their own domain module (which serves them); listed
 * here only so `GET /Status/Endpoints` names their routes too.
 */
export const KEYFACTOR_API_CONTROLLERS_ELSEWHERE = [
  KeyfactorCollectionsController,
  KeyfactorExpirationAlertsController,
];

/** The Keyfactor API subset under `/KeyfactorAPI` (see README.md beside this file). */
@Module({
  imports: [
    AgentsModule,
    AuthoritiesModule,
    CertificatesModule,
    EnrollmentModule,
    MetadataModule,
    RequestsModule,
    RevocationModule,
    StoresModule,
    TemplatesModule,
  ],
  controllers: KEYFACTOR_API_CONTROLLERS,
  providers: [
    KeyfactorHeadersGuard,
    KeyfactorCertificateSearch,
    KeyfactorCertificateDownload,
    KeyfactorOrchestratorReads,
    KeyfactorWorkflowReads,
    KeyfactorRenewalAvailability,
    {
      provide: KEYFACTOR_API_ROUTES,
      useFactory: () =>
        describeRoutes([...KEYFACTOR_API_CONTROLLERS, ...KEYFACTOR_API_CONTROLLERS_ELSEWHERE]),
    },
  ],
})
export class KeyfactorApiModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    consumer
      .apply(KeyfactorProductVersionMiddleware)
      .forRoutes({ path: `${KEYFACTOR_API_PREFIX}/*path`, method: RequestMethod.ALL });
  }
}

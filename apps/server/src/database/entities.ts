import { AgentEntity } from '../modules/agents/agent.entity';
import { CampaignItemEntity } from '../modules/campaigns/campaign-item.entity';
import { CampaignTrustDeliveryEntity } from '../modules/campaigns/campaign-trust-delivery.entity';
import { CampaignEntity } from '../modules/campaigns/campaign.entity';
import { AuditEventEntity } from '../modules/audit/audit-event.entity';
import { ConsoleSessionEntity } from '../modules/auth/console-session.entity';
import { UserEntity } from '../modules/auth/user.entity';
import { CertificateAuthorityEntity } from '../modules/authorities/certificate-authority.entity';
import { CertificateLocationEntity } from '../modules/certificates/certificate-location.entity';
import { CertificateMetadataEntity } from '../modules/certificates/certificate-metadata.entity';
import { CertificateEntity } from '../modules/certificates/certificate.entity';
import { OrchestratorJobEntity } from '../modules/jobs/orchestrator-job.entity';
import { LabClockEntity } from '../modules/lab-clock/lab-clock.entity';
import { LabStateEntity } from '../modules/lab/lab-state.entity';
import { MetadataFieldEntity } from '../modules/metadata/metadata-field.entity';
import { CertificateRequestEntity } from '../modules/requests/certificate-request.entity';
import { CertificateStoreEntity } from '../modules/stores/certificate-store.entity';
import { TemplateEntity } from '../modules/templates/template.entity';
import { CertificateRevocationListEntity } from '../modules/revocation/certificate-revocation-list.entity';
import {
  AlertReportedCertificateEntity,
  AlertRunEntity,
  AlertRunResultEntity,
} from '../modules/alerts/alert-run.entity';
import { AlertScheduleEntity } from '../modules/alerts/alert-schedule.entity';
import { ExpirationAlertEntity } from '../modules/alerts/expiration-alert.entity';
import { NotificationEntity } from '../modules/alerts/notification.entity';
import { CertificateCollectionEntity } from '../modules/collections/certificate-collection.entity';

/** Every entity; the migrations define their tables. */
export const ENTITIES = [
  AgentEntity,
  AuditEventEntity,
  UserEntity,
  ConsoleSessionEntity,
  CertificateAuthorityEntity,
  CertificateLocationEntity,
  CertificateMetadataEntity,
  CertificateEntity,
  OrchestratorJobEntity,
  LabStateEntity,
  MetadataFieldEntity,
  CertificateRequestEntity,
  CertificateStoreEntity,
  TemplateEntity,
  LabClockEntity,
  CertificateRevocationListEntity,
  CampaignEntity,
  CampaignItemEntity,
  CampaignTrustDeliveryEntity,
  CertificateCollectionEntity,
  ExpirationAlertEntity,
  AlertScheduleEntity,
  AlertRunEntity,
  AlertRunResultEntity,
  AlertReportedCertificateEntity,
  NotificationEntity,
];

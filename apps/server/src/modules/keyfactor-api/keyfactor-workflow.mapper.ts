import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import {
  type CertificateRequestEntity,
  type RequestStatus,
} from '../requests/certificate-request.entity';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { type TemplateEntity } from '../templates/template.entity';
import { CertState, certStateName } from './keyfactor-enums';
import {
  type KeyfactorPendingRequest,
  type KeyfactorProcessedRequest,
  type KeyfactorRequestDetails,
} from './keyfactor-models';
import { describeKeyAlgorithm } from './policies/key-description.policy';
import { firstDnAttribute } from './policies/distinguished-name';

/** The templates and CAs requests refer to, by id. */
export interface RequestMappingContext {
  authorities: ReadonlyMap<number, CertificateAuthorityEntity>;
  templates: ReadonlyMap<number, TemplateEntity>;
}

/** What the details view adds: the remembered stores and the alias each will overwrite. */
export interface RequestTargets {
  stores: readonly CertificateStoreEntity[];
  /** Alias of the renewed certificate in each store, by store id. */
  aliases: ReadonlyMap<string, string>;
}

/** A request's status as Command's workflow `State` (the CertState numbering). */
const REQUEST_STATES: Readonly<Record<RequestStatus, CertState>> = {
  PENDING: CertState.Pending,
  ISSUED: CertState.Active,
  DENIED: CertState.Denied,
  FAILED: CertState.Failed,
};

/**
 * `CertificateRequestModel`. certlab is its own CA, so the CA's request id is the request id;
 * `Template` is the display name, as in the certificate model's `TemplateName`.
 */
export function toPendingRequest(
  request: CertificateRequestEntity,
  context: RequestMappingContext,
): KeyfactorPendingRequest {
  const state = REQUEST_STATES[request.status];
  return {
    Id: request.id,
    CARequestId: String(request.id),
    CommonName: firstDnAttribute(request.subject, 'CN') ?? '',
    DistinguishedName: request.subject,
    SubmissionDate: request.submittedAt.toISOString(),
    CertificateAuthority: context.authorities.get(request.authorityId)?.configName ?? '',
    Template: context.templates.get(request.templateId)?.displayName ?? '',
    Requester: request.requester,
    State: state,
    StateString: certStateName(state),
    Metadata: request.metadata,
  };
}

/** `CertificateRequestDetailsModel`: SANs in the Windows "type=value" form Command displays. */
export function toRequestDetails(
  request: CertificateRequestEntity,
  context: RequestMappingContext,
  targets: RequestTargets,
): KeyfactorRequestDetails {
  const key = describeKeyAlgorithm(request.keyAlgorithm);
  const sans = request.subjectAltNames;
  return {
    ...toPendingRequest(request, context),
    DenialComment: request.status === 'DENIED' ? (request.comment ?? '') : '',
    KeyLength: String(key.bits),
    SANs: [
      ...sans.dns.map((value) => `DNS Name=${value}`),
      ...sans.ip.map((value) => `IP Address=${value}`),
      ...sans.email.map((value) => `RFC822 Name=${value}`),
      ...sans.uri.map((value) => `URL=${value}`),
    ],
    CertStores: targets.stores.map((store) => ({
      EntryName: targets.aliases.get(store.id) ?? '',
      ClientMachine: store.clientMachine,
      StorePath: store.storePath,
    })),
    Curve: key.curveOid,
  };
}

/** One line of an Approve/Deny result; `CARowId` is the CA's row, which is the request id here. */
export function toProcessedRequest(
  requestId: number,
  request: CertificateRequestEntity | undefined,
  context: RequestMappingContext,
  comment: string,
): KeyfactorProcessedRequest {
  const authority = request ? context.authorities.get(request.authorityId) : undefined;
  return {
    CARowId: requestId,
    CARequestId: String(requestId),
    CAHost: authority?.hostName ?? '',
    CALogicalName: authority?.logicalName ?? '',
    KeyfactorRequestId: requestId,
    Comment: comment,
  };
}

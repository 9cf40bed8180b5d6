import { type RequestView } from '@certlab/contracts';

/*
 * Who decided a request, in words, for the approval history. The history lists every renewal
 * request, also those whose template needs no approval (issued at once, a campaign's): for them
 * the server records the requester as the one who resolved it, which is no approval.
 */

/**
 * `approved by admin`, `denied by admin`, `issued at once (no approval needed)`; null while open.
 * Without the templates (`null`, still loading) it cannot tell, and says `decided by …`.
 */
export function requestDecisionWords(
  request: Pick<RequestView, 'status' | 'resolvedBy' | 'template'>,
  approvalTemplateIds: ReadonlySet<number> | null,
): string | null {
  if (request.status === 'PENDING' || !request.resolvedBy) return null;
  if (request.status === 'DENIED') return `denied by ${request.resolvedBy}`;
  if (request.status === 'FAILED') return `failed (${request.resolvedBy})`;
  if (approvalTemplateIds === null) return `decided by ${request.resolvedBy}`;
  if (request.template && !approvalTemplateIds.has(request.template.id))
    return 'issued at once (no approval needed)';
  return `approved by ${request.resolvedBy}`;
}

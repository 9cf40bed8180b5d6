import { isPositiveId } from '@certlab/contracts';

/*
 * An audit event names what it happened to (`certificate 7`, `campaign 2`, `store <GUID>`). Those
 * the console has a page for are links, so an auditor goes from the trail to the thing itself.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The console page of an audit event's subject, or null when it has none. */
export function auditSubjectHref(subjectType: string, subjectId: string): string | null {
  switch (subjectType) {
    case 'certificate':
      return isPositiveId(subjectId) ? `/certificates/${subjectId}` : null;
    case 'campaign':
      return isPositiveId(subjectId) ? `/campaigns/${subjectId}` : null;
    case 'store':
      return GUID.test(subjectId) ? `/stores/${subjectId}` : null;
    default:
      return null;
  }
}

import { blockedReason, type CandidateFacts } from './blocked-reason';

const target = { authorityId: 4, authorityName: 'ca.ec.lab\\ec-CA' };
const movable: CandidateFacts = {
  certificateId: 1,
  revoked: false,
  supersededBy: null,
  otherCampaignId: null,
  authorityId: 2,
  keyAlgorithm: 'RSA-2048',
  template: { id: 3, shortName: 'WebECDSA', allowedAuthorityIds: [4], requiresApproval: false },
  ownTemplateId: 1,
  stores: [{ machine: 'web01', approved: true, agent: { approved: true, status: 'Approved' } }],
};

describe('blockedReason', () => {
  it('lets a certificate in an approved store with an approved agent move', () => {
    expect(blockedReason(movable, target)).toBeNull();
  });

  it.each<[string, Partial<CandidateFacts>]>([
    ['REVOKED', { revoked: true }],
    ['SUPERSEDED', { supersededBy: 9 }],
    ['IN_OTHER_CAMPAIGN', { otherCampaignId: 2 }],
    ['NO_TEMPLATE', { template: null }],
    [
      'TEMPLATE_NOT_ALLOWED',
      { template: { id: 3, shortName: 'X', allowedAuthorityIds: [2], requiresApproval: false } },
    ],
    [
      'TEMPLATE_REQUIRES_APPROVAL',
      { template: { id: 3, shortName: 'X', allowedAuthorityIds: [4], requiresApproval: true } },
    ],
    ['ALREADY_ON_TARGET', { authorityId: 4, ownTemplateId: 3 }],
    ['NO_KEY_ALGORITHM', { keyAlgorithm: ' ' }],
    ['NOT_IN_STORE', { stores: [] }],
    ['STORE_NOT_APPROVED', { stores: [{ machine: 'web01', approved: false, agent: null }] }],
    ['NO_AGENT', { stores: [{ machine: 'web01', approved: true, agent: null }] }],
    [
      'AGENT_NOT_APPROVED',
      { stores: [{ machine: 'web01', approved: true, agent: { approved: false, status: 'New' } }] },
    ],
  ])('blocks with %s', (code, change) => {
    expect(blockedReason({ ...movable, ...change }, target)?.code).toBe(code);
  });

  it('names the first reason when several apply (revoked before not in a store)', () => {
    expect(blockedReason({ ...movable, revoked: true, stores: [] }, target)).toEqual({
      code: 'REVOKED',
      message: 'Certificate 1 is revoked.',
    });
  });
});

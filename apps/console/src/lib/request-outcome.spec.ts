import { requestDecisionWords } from './request-outcome';

const APPROVAL = new Set([3]);
const approvalTemplate = { id: 3, shortName: 'UserServerApproval' };
const plainTemplate = { id: 1, shortName: 'UserServer' };

describe('request outcomes in words', () => {
  it('says who approved or denied a request whose template needs approval', () => {
    expect(
      requestDecisionWords(
        { status: 'ISSUED', resolvedBy: 'admin', template: approvalTemplate },
        APPROVAL,
      ),
    ).toBe('approved by admin');
    expect(
      requestDecisionWords(
        { status: 'DENIED', resolvedBy: 'admin', template: approvalTemplate },
        APPROVAL,
      ),
    ).toBe('denied by admin');
  });

  it('does not call a renewal issued at once an approval', () => {
    expect(
      requestDecisionWords(
        { status: 'ISSUED', resolvedBy: 'enroller', template: plainTemplate },
        APPROVAL,
      ),
    ).toBe('issued at once (no approval needed)');
  });

  it('says only who decided while the templates are not known', () => {
    expect(
      requestDecisionWords(
        { status: 'ISSUED', resolvedBy: 'enroller', template: plainTemplate },
        null,
      ),
    ).toBe('decided by enroller');
  });

  it('says nothing while a request waits', () => {
    expect(
      requestDecisionWords(
        { status: 'PENDING', resolvedBy: null, template: approvalTemplate },
        APPROVAL,
      ),
    ).toBeNull();
  });
});

import { previewDecision, type PreviewFacts } from './alert-preview';

const template = { shortName: 'UserServer', requiresApproval: false, allowedAuthorityIds: [2] };
const authority = { id: 2, configName: 'CA1.jdk.com\\jdk-CA1' };
const facts = (overrides: Partial<PreviewFacts>): PreviewFacts => ({
  handlerEnabled: true,
  stores: 2,
  template,
  authority,
  ...overrides,
});

describe('previewDecision', () => {
  it('renews into the stores with the template and CA it would use', () => {
    expect(previewDecision(facts({}))).toEqual({
      action: 'renew',
      stores: 2,
      template: 'UserServer',
      caConfiguration: 'CA1.jdk.com\\jdk-CA1',
      note: null,
    });
  });

  it('only reports without a handler, and skips a certificate in no store', () => {
    expect(previewDecision(facts({ handlerEnabled: false }))).toMatchObject({
      action: 'report',
      template: null,
      note: null,
    });
    expect(previewDecision(facts({ stores: 0 }))).toMatchObject({
      action: 'skip',
      note: 'Not in any certificate store.',
    });
  });

  it('says when the template is not on the CA, and when it needs approval', () => {
    expect(previewDecision(facts({ authority: { id: 3, configName: 'x\\y' } }))).toMatchObject({
      action: 'renew',
      note: expect.stringMatching(/not available on certificate authority "x\\y"/),
    });
    expect(
      previewDecision(facts({ template: { ...template, requiresApproval: true } })),
    ).toMatchObject({ action: 'approval', template: 'UserServer' });
    expect(previewDecision(facts({ template: null }))).toMatchObject({
      note: expect.stringMatching(/No template/),
    });
  });
});

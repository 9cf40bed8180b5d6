import { CreateCampaignSchema } from '@certlab/contracts';
import { AUTHORITIES, TEMPLATES } from '../test-support/fixtures';
import {
  emptyCampaignForm,
  issuingAuthorities,
  templatesForTarget,
  toCreateCampaignRequest,
  validateCampaignForm,
  withTargetCA,
} from './campaign-form';

const CA1 = 'CA1.jdk.com\\jdk-CA1';
const CA2 = 'CA2.cherry.lab\\cherry-CA2-EC';

describe('campaign form', () => {
  const filled = {
    ...emptyCampaignForm(),
    name: 'jdk-CA1 to ECDSA',
    query: 'IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1"',
    targetCA: CA2,
    targetTemplate: 'WebServerECDSA',
    retireOld: true,
  };

  it('builds the README request', () => {
    const request = toCreateCampaignRequest(filled);
    expect(request).toEqual({
      name: 'jdk-CA1 to ECDSA',
      query: 'IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1"',
      targetCA: CA2,
      targetTemplate: 'WebServerECDSA',
      batchSize: 50,
      trustFirst: true,
      retireOld: true,
    });
    expect(CreateCampaignSchema.safeParse(request).success).toBe(true);
    expect(validateCampaignForm(filled)).toEqual({});
  });

  it('leaves out an empty source CA and template', () => {
    const request = toCreateCampaignRequest({ ...filled, targetTemplate: '' });
    expect(request).not.toHaveProperty('targetTemplate');
    expect(request).not.toHaveProperty('sourceCA');
  });

  it('offers the templates the target CA offers without approval', () => {
    expect(templatesForTarget(TEMPLATES, AUTHORITIES, CA2).map((t) => t.shortName)).toEqual([
      'UserServer',
      'WebServerECDSA',
    ]);
    // UserServerApproval is on CA1 but needs approval.
    expect(templatesForTarget(TEMPLATES, AUTHORITIES, CA1).map((t) => t.shortName)).toEqual([
      'UserServer',
    ]);
    expect(templatesForTarget(TEMPLATES, AUTHORITIES, 'nope')).toEqual([]);
  });

  it('drops a template the new target does not offer', () => {
    expect(withTargetCA(filled, TEMPLATES, AUTHORITIES, CA1).targetTemplate).toBe('');
    expect(
      withTargetCA({ ...filled, targetTemplate: 'UserServer' }, TEMPLATES, AUTHORITIES, CA1)
        .targetTemplate,
    ).toBe('UserServer');
  });

  it('offers issuing CAs, not roots, as source and target', () => {
    expect(issuingAuthorities(AUTHORITIES, TEMPLATES).map((a) => a.configName)).toEqual([CA1, CA2]);
  });

  it('says what is missing or wrong, in words', () => {
    const problems = validateCampaignForm({ ...emptyCampaignForm(), batchSize: '0' });
    expect(problems.name).toBe('name must not be empty');
    expect(problems.query).toBe('query must not be empty');
    expect(problems.targetCA).toBe('Choose the CA to move the certificates to.');
    expect(problems.batchSize).toBe('Batch size must be a whole number from 1 to 1000.');
    expect(validateCampaignForm({ ...filled, batchSize: 'ten' }).batchSize).toBe(
      'Batch size must be a whole number from 1 to 1000.',
    );
  });

  it('refuses moving to the source CA with nothing else changing', () => {
    expect(validateCampaignForm({ ...filled, sourceCA: CA2, targetTemplate: '' }).targetCA).toMatch(
      /target is the source CA/,
    );
  });
});

import { AvailableRenewalType } from '../keyfactor-enums';
import { availableRenewal } from './available-renewal.policy';

describe('availableRenewal', () => {
  const authorities = [
    { id: 1, configName: 'CA1.jdk.com\\jdk-CA1' },
    { id: 2, configName: 'CA2.cherry.lab\\cherry-CA2-EC' },
  ];
  const templates = [
    { id: 10, shortName: 'UserServer', allowedAuthorityIds: [1, 2] },
    { id: 11, shortName: 'WebServerECDSA', allowedAuthorityIds: [2] },
  ];

  it('is one-click when the template still exists and is allowed on the CA', () => {
    const result = availableRenewal(
      { id: 7, templateId: 10, authorityId: 1 },
      templates,
      authorities,
    );

    expect(result.type).toBe(AvailableRenewalType.OneClick);
    expect(result.message).toContain('UserServer');
  });

  it.each([
    ['no template', { id: 7, templateId: null, authorityId: 1 }, 'not issued from a template'],
    ['a template that is gone', { id: 7, templateId: 99, authorityId: 1 }, 'no longer exists'],
    [
      'no lab CA',
      { id: 7, templateId: 10, authorityId: null },
      'not issued by a lab certificate authority',
    ],
    ['a CA that is gone', { id: 7, templateId: 10, authorityId: 99 }, 'no longer exists'],
    [
      'a template no longer allowed on its CA',
      { id: 7, templateId: 11, authorityId: 1 },
      'no longer available on CA1.jdk.com\\jdk-CA1',
    ],
  ])(
    'is seeded (Template and CA must be given) for a certificate with %s',
    (_case, certificate, reason) => {
      const result = availableRenewal(certificate, templates, authorities);

      expect(result.type).toBe(AvailableRenewalType.Seed);
      expect(result.message).toContain(reason);
    },
  );

  it('is none when no template may issue anywhere', () => {
    const result = availableRenewal(
      { id: 7, templateId: 10, authorityId: 1 },
      [{ id: 10, shortName: 'UserServer', allowedAuthorityIds: [] }],
      authorities,
    );

    expect(result.type).toBe(AvailableRenewalType.None);
  });
});

import { RenewRequestSchema } from '@certlab/contracts';
import { AUTHORITIES, certificateDetail, FIELDS, TEMPLATES } from '../test-support/fixtures';
import {
  authoritiesForTemplate,
  authorityOfCertificate,
  certificateStores,
  classicRenewEquivalent,
  initialRenewForm,
  isCaCertificate,
  metadataOverrides,
  renewableTemplates,
  toRenewRequest,
  validateRenewForm,
  withMetadata,
  withStore,
  withTemplate,
} from './renew-form';

const choices = { templates: TEMPLATES, authorities: AUTHORITIES, fields: FIELDS };
const CHERRYSTORE = '6d14c2be-76d6-4777-8247-72dcd1c9ab1a';

describe('the renew form starts from the certificate', () => {
  it("preselects the original's template, CA and stores, and fills its metadata", () => {
    const form = initialRenewForm(certificateDetail(), choices);
    expect(form.template).toBe('UserServer');
    expect(form.caConfiguration).toBe('CA1.jdk.com\\jdk-CA1');
    expect(form.storeIds).toEqual([CHERRYSTORE]);
    expect(form.metadata['Email-Contact']).toBe('pi@cherry.lab');
    expect(form.metadata.Environment).toBe('Staging');
    expect(form.metadata.AppOwner).toBe('');
    // A checkbox starts from the field's default when the certificate has no value.
    expect(form.metadata.PCI).toBe('false');
  });

  it('leaves Hidden fields out of the form', () => {
    const form = initialRenewForm(certificateDetail(), choices);
    expect(Object.keys(form.metadata)).not.toContain('InternalId');
  });

  it('falls back to a template its CA offers when it has none', () => {
    const form = initialRenewForm(certificateDetail({ template: null }), choices);
    expect(form.template).toBe('UserServer');
    expect(form.caConfiguration).toBe('CA1.jdk.com\\jdk-CA1');
  });

  it('lists each store once, labelled as the classic API names it', () => {
    const certificate = certificateDetail();
    const location = certificate.locations[0]!;
    const stores = certificateStores({ locations: [location, { ...location, alias: 'again' }] });
    expect(stores).toEqual([
      {
        storeId: CHERRYSTORE,
        label: '192.168.41.171-/home/pi/cherry/cherrystore',
        isTrustStore: false,
      },
    ]);
  });
});

describe('template and CA combinations', () => {
  it('offers only the CAs a template names', () => {
    expect(authoritiesForTemplate(choices, 'WebServerECDSA').map((a) => a.configName)).toEqual([
      'CA2.cherry.lab\\cherry-CA2-EC',
    ]);
    expect(authoritiesForTemplate(choices, 'UserServer')).toHaveLength(2);
    expect(authoritiesForTemplate(choices, 'Nope')).toEqual([]);
  });

  it('offers only templates some CA of the lab offers', () => {
    const orphan = { ...TEMPLATES[0]!, id: 9, shortName: 'Orphan', authorityIds: [99] };
    expect(renewableTemplates({ ...choices, templates: [...TEMPLATES, orphan] })).toHaveLength(3);
  });

  it('moves to an offering CA when the template changes', () => {
    const form = initialRenewForm(certificateDetail(), choices);
    const ecdsa = withTemplate(form, choices, 'WebServerECDSA');
    expect(ecdsa.caConfiguration).toBe('CA2.cherry.lab\\cherry-CA2-EC');
    // UserServer is offered on CA2 too, so the CA stays.
    expect(withTemplate(ecdsa, choices, 'UserServer').caConfiguration).toBe(
      'CA2.cherry.lab\\cherry-CA2-EC',
    );
  });

  it('refuses a pair the CA does not offer', () => {
    const form = { ...initialRenewForm(certificateDetail(), choices), template: 'WebServerECDSA' };
    const validation = validateRenewForm(form, certificateDetail(), choices);
    expect(validation.valid).toBe(false);
    expect(validation.caConfiguration).toBe(
      'CA1.jdk.com\\jdk-CA1 does not offer the template WebServerECDSA.',
    );
  });
});

describe('metadata is validated with mergeMetadata', () => {
  const certificate = certificateDetail();
  const start = initialRenewForm(certificate, choices);

  it('accepts the original values as they are', () => {
    expect(validateRenewForm(start, certificate, choices)).toEqual({
      template: null,
      caConfiguration: null,
      metadata: [],
      valid: true,
    });
  });

  it.each([
    [
      'Email-Contact',
      'not-an-email',
      "Metadata field 'Email-Contact' takes an email address; got 'not-an-email'.",
    ],
    ['Email-Contact', '', "Metadata field 'Email-Contact' is required."],
    ['CostCenter', '12.5', "Metadata field 'CostCenter' takes a whole number; got '12.5'."],
    ['AppOwner', '1 bad', 'AppOwner must be letters, spaces, dots or hyphens'],
    [
      'DecommissionDate',
      '2026-02-30',
      "Metadata field 'DecommissionDate' takes an ISO date (YYYY-MM-DD or a full ISO date-time); got '2026-02-30'.",
    ],
    [
      'Environment',
      'Prod',
      "Metadata field 'Environment' must be one of: Production, Staging, Development; got 'Prod'.",
    ],
  ])('%s = %j gives the server message', (name, value, message) => {
    const validation = validateRenewForm(withMetadata(start, name, value), certificate, choices);
    expect(validation.valid).toBe(false);
    expect(validation.metadata).toEqual([expect.objectContaining({ field: name, message })]);
  });

  it('reports every problem at once', () => {
    let form = withMetadata(start, 'Email-Contact', 'x');
    form = withMetadata(form, 'CostCenter', 'abc');
    expect(validateRenewForm(form, certificate, choices).metadata.map((p) => p.field)).toEqual([
      'Email-Contact',
      'CostCenter',
    ]);
  });
});

describe('the request', () => {
  const certificate = certificateDetail();
  const start = initialRenewForm(certificate, choices);

  it('sends only the metadata that changed, and an emptied field as ""', () => {
    let form = withMetadata(start, 'Environment', '');
    form = withMetadata(form, 'CostCenter', '4711');
    expect(metadataOverrides(form, certificate, FIELDS)).toEqual({
      Environment: '',
      CostCenter: '4711',
    });
  });

  it('is a body the server schema accepts', () => {
    const form = withStore(withMetadata(start, 'PCI', 'true'), CHERRYSTORE, false);
    const request = toRenewRequest(form, certificate, FIELDS);
    expect(request).toEqual({
      template: 'UserServer',
      caConfiguration: 'CA1.jdk.com\\jdk-CA1',
      storeIds: [],
      metadata: { PCI: 'true' },
    });
    expect(RenewRequestSchema.safeParse(request).success).toBe(true);
  });

  it('has a classic API equivalent with the same stores and metadata', () => {
    const text = classicRenewEquivalent(
      7,
      toRenewRequest(withMetadata(start, 'CostCenter', '1'), certificate, FIELDS),
    );
    expect(text.split('\n')[0]).toBe('POST /CMSApi/CertEnroll/3/Renew');
    const body: unknown = JSON.parse(text.slice(text.indexOf('{')));
    expect(body).toEqual({
      Lookup: { Type: 'CMSID', CMSID: 7 },
      CertStores: [CHERRYSTORE],
      Template: 'UserServer',
      CAConfiguration: 'CA1.jdk.com\\jdk-CA1',
      Metadata: { CostCenter: '1' },
    });
  });
});

describe('CA certificates are not renewed as leaves', () => {
  it('knows a CA certificate by keyCertSign and finds the lab CA it belongs to', () => {
    const authority = AUTHORITIES[1]!;
    const caCertificate = certificateDetail({
      keyUsages: ['keyCertSign', 'cRLSign'],
      thumbprint: authority.thumbprint.toLowerCase(),
      authority: null,
      template: null,
    });
    expect(isCaCertificate(caCertificate)).toBe(true);
    expect(authorityOfCertificate(caCertificate, AUTHORITIES)?.id).toBe(authority.id);
    expect(isCaCertificate(certificateDetail())).toBe(false);
    expect(authorityOfCertificate(certificateDetail(), AUTHORITIES)).toBeUndefined();
  });
});

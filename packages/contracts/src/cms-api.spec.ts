import { CmsRenewRequestSchema } from './cms-api';

describe('CmsRenewRequestSchema', () => {
  it('reads the vendor example, names matched case-insensitively', () => {
    const parsed = CmsRenewRequestSchema.parse({
      Lookup: { Type: 'CMSID', CMSID: 7 },
      CertStores: ['6d14c2be-76d6-4777-8247-72dcd1c9ab1a'],
      Template: 'UserServer',
      CAConfiguration: 'CA1.jdk.com\\jdk-CA1',
      Metadata: { 'Email-Contact': 'a.b@example.com' },
    });
    expect(parsed).toEqual({
      lookup: { type: 'cmsid', cmsid: 7 },
      certstores: ['6d14c2be-76d6-4777-8247-72dcd1c9ab1a'],
      template: 'UserServer',
      caconfiguration: 'CA1.jdk.com\\jdk-CA1',
      metadata: { 'Email-Contact': 'a.b@example.com' },
    });
    expect(
      CmsRenewRequestSchema.parse({ lookup: { type: 'thumbprint', THUMBPRINT: 'ab' } }),
    ).toEqual({
      lookup: { type: 'thumbprint', thumbprint: 'ab' },
    });
  });

  it.each([
    [{}, 'lookup'],
    [{ Lookup: { Type: 'Email', Email: 'x' } }, 'Lookup.Type must be CMSID, Serial or Thumbprint'],
    [{ Lookup: { Type: 'Serial', SerialNumber: '0A' } }, 'issuerdn'],
    [{ Lookup: { Type: 'CMSID', CMSID: '7' } }, 'CMSID must be a number'],
    [{ Lookup: { Type: 'CMSID', CMSID: 7 }, Templat: 'x' }, 'templat'],
    [
      { Lookup: { Type: 'CMSID', CMSID: 7 }, lookup: { Type: 'CMSID', CMSID: 7 } },
      'more than once',
    ],
  ])('rejects %j', (body, message) => {
    expect(() => CmsRenewRequestSchema.parse(body)).toThrow(message);
  });
});

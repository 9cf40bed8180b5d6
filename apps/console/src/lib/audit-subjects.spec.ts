import { auditSubjectHref } from './audit-subjects';

describe('audit subjects as links', () => {
  it('links certificates, campaigns and stores to their pages', () => {
    expect(auditSubjectHref('certificate', '7')).toBe('/certificates/7');
    expect(auditSubjectHref('campaign', '2')).toBe('/campaigns/2');
    expect(auditSubjectHref('store', '6d14c2be-76d6-4777-8247-72dcd1c9ab1a')).toBe(
      '/stores/6d14c2be-76d6-4777-8247-72dcd1c9ab1a',
    );
  });

  it('leaves subjects without a page, and ids a page would not take, as text', () => {
    expect(auditSubjectHref('job', '41af6e4c-ccf4-4269-adb1-2bb86a174576')).toBeNull();
    expect(auditSubjectHref('session', 'c4010f668805c69e')).toBeNull();
    expect(auditSubjectHref('certificate', 'default')).toBeNull();
    expect(auditSubjectHref('store', 'not-a-guid')).toBeNull();
  });
});

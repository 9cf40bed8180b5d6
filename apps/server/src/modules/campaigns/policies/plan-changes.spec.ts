import { planChanges } from './plan-changes';

const rsa = {
  keyAlgorithm: 'RSA-2048',
  extendedKeyUsages: ['serverAuth', 'clientAuth'],
  validityDays: 365,
};
const ec = { keyAlgorithm: 'P-256', extendedKeyUsages: ['serverAuth'], validityDays: 180 };

describe('planChanges', () => {
  const changes = planChanges({
    groups: [
      {
        oldKeyAlgorithm: 'RSA-2048',
        oldTemplateId: 1,
        newTemplateId: 2,
        oldAuthorityId: 10,
        items: 7,
      },
      {
        oldKeyAlgorithm: 'P-256',
        oldTemplateId: 2,
        newTemplateId: 2,
        oldAuthorityId: 10,
        items: 2,
      },
    ],
    templates: new Map([
      [1, rsa],
      [2, ec],
    ]),
    chains: new Map([
      [10, ['CN=Old CA', 'CN=Old Root']],
      [20, ['CN=New CA', 'CN=New Root']],
    ]),
    targetAuthorityId: 20,
  });
  const byField = Object.fromEntries(changes.map((change) => [change.field, change]));

  it('counts the items whose value changes, transition by transition', () => {
    expect(byField.keyAlgorithm).toEqual({
      field: 'keyAlgorithm',
      items: 7,
      transitions: [{ from: 'RSA-2048', to: 'P-256', items: 7 }],
    });
    expect(byField.extendedKeyUsages?.transitions).toEqual([
      { from: 'clientAuth, serverAuth', to: 'serverAuth', items: 7 },
    ]);
    expect(byField.validityDays?.transitions).toEqual([
      { from: '365 days', to: '180 days', items: 7 },
    ]);
    expect(byField.chain).toMatchObject({
      items: 9,
      transitions: [{ from: 'CN=Old CA → CN=Old Root', to: 'CN=New CA → CN=New Root', items: 9 }],
    });
  });

  it('lists the SANs as considered and unchanged', () => {
    expect(byField.subjectAltNames).toEqual({
      field: 'subjectAltNames',
      items: 0,
      transitions: [],
    });
    expect(changes.map((change) => change.field)).toEqual([
      'keyAlgorithm',
      'extendedKeyUsages',
      'validityDays',
      'subjectAltNames',
      'chain',
    ]);
  });
});

import { resolveRecipients, substituteTokens, type TokenValues } from './alert-tokens';

const values: TokenValues = {
  cn: 'www.example.com',
  certnotafterdate: '2026-03-20T00:00:00.000Z',
  certnotbeforedate: '2025-03-20T00:00:00.000Z',
  serial: '0A1B',
  thumbprint: 'ABCDEF',
  certemail: 'owner@example.com',
  issuercn: 'jdk-CA1',
  template: 'UserServer',
};

describe('substituteTokens', () => {
  it('fills every known token, whatever its case', () => {
    expect(
      substituteTokens(
        '{CN} expires {certnotafterdate} (from {CertNotBeforeDate}), serial {serial}, {thumbprint}, {certemail}, {issuercn}, {template}',
        values,
      ),
    ).toBe(
      'www.example.com expires 2026-03-20T00:00:00.000Z (from 2025-03-20T00:00:00.000Z), serial 0A1B, ABCDEF, owner@example.com, jdk-CA1, UserServer',
    );
  });

  it('leaves unknown tokens and lone braces as written', () => {
    expect(substituteTokens('{requester:givenname} {nope} {cn', values)).toBe(
      '{requester:givenname} {nope} {cn',
    );
  });
});

describe('resolveRecipients', () => {
  it('substitutes, drops empty results and duplicates', () => {
    expect(
      resolveRecipients(['{certemail}', 'pki@example.com', 'owner@example.com'], values),
    ).toEqual(['owner@example.com', 'pki@example.com']);
    expect(resolveRecipients(['{certemail}'], { ...values, certemail: '' })).toEqual([]);
  });
});

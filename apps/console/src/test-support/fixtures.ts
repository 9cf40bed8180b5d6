import {
  type AuthorityView,
  type CertificateDetail,
  type MetadataFieldView,
  type TemplateView,
} from '@certlab/contracts';

/* The default lab (lab/default.yaml) as the console's API answers describe it, for unit tests. */

function authority(
  id: number,
  configName: string,
  parentId: number | null,
  keyAlgorithm: string,
): AuthorityView {
  const logicalName = configName.split('\\')[1] ?? configName;
  return {
    id,
    configName,
    logicalName,
    subject: `CN=${logicalName}`,
    parentId,
    isRoot: parentId === null,
    keyAlgorithm,
    signatureAlgorithm: keyAlgorithm.startsWith('RSA')
      ? 'sha256WithRSAEncryption'
      : 'ecdsa-with-SHA384',
    thumbprint: `${id}`.padStart(40, 'A'),
    serialNumber: `${id}`.padStart(32, '0'),
    notBefore: '2025-01-01T00:00:00.000Z',
    notAfter: '2045-01-01T00:00:00.000Z',
    certificateUrl: `/ca/${logicalName}.crt`,
    crlUrl: `/crl/${logicalName}.crl`,
    issuedCount: 0,
  };
}

export const AUTHORITIES: AuthorityView[] = [
  authority(1, 'root.jdk.com\\jdk-Root', null, 'RSA-2048'),
  authority(2, 'CA1.jdk.com\\jdk-CA1', 1, 'RSA-2048'),
  authority(3, 'root.cherry.lab\\cherry-Root-EC', null, 'P-384'),
  authority(4, 'CA2.cherry.lab\\cherry-CA2-EC', 3, 'P-384'),
];

export const TEMPLATES: TemplateView[] = [
  {
    id: 1,
    shortName: 'UserServer',
    displayName: 'User and Server (RSA)',
    keyAlgorithm: 'RSA-2048',
    validityDays: 365,
    extendedKeyUsages: ['serverAuth', 'clientAuth'],
    requiresApproval: false,
    authorityIds: [2, 4],
  },
  {
    id: 2,
    shortName: 'WebServerECDSA',
    displayName: 'Web Server (ECDSA P-256)',
    keyAlgorithm: 'P-256',
    validityDays: 180,
    extendedKeyUsages: ['serverAuth'],
    requiresApproval: false,
    authorityIds: [4],
  },
  {
    id: 3,
    shortName: 'UserServerApproval',
    displayName: 'User and Server, manager approval required',
    keyAlgorithm: 'RSA-2048',
    validityDays: 365,
    extendedKeyUsages: ['serverAuth', 'clientAuth'],
    requiresApproval: true,
    authorityIds: [2],
  },
];

function field(
  id: number,
  name: string,
  dataType: number,
  extra: Partial<MetadataFieldView> = {},
): MetadataFieldView {
  return {
    id,
    name,
    dataType,
    description: `${name} description`,
    hint: null,
    displayOrder: id,
    validation: null,
    message: null,
    enrollment: 0,
    options: null,
    defaultValue: null,
    ...extra,
  };
}

export const FIELDS: MetadataFieldView[] = [
  field(1, 'Email-Contact', 7, { enrollment: 1 }),
  field(2, 'AppOwner', 1, {
    validation: '^[A-Za-z][A-Za-z .-]{1,63}$',
    message: 'AppOwner must be letters, spaces, dots or hyphens',
    hint: 'Platform Team',
  }),
  field(3, 'CostCenter', 2),
  field(4, 'DecommissionDate', 3),
  field(5, 'PCI', 4, { defaultValue: 'false' }),
  field(6, 'Environment', 5, { options: 'Production,Staging,Development' }),
  field(7, 'Notes', 6),
  field(8, 'InternalId', 1, { enrollment: 2 }),
];

export function certificateDetail(overrides: Partial<CertificateDetail> = {}): CertificateDetail {
  return {
    id: 7,
    commonName: 'cherry.lab',
    thumbprint: 'ABCDEF0123456789ABCDEF0123456789ABCDEF01',
    notAfter: '2027-01-01T00:00:00.000Z',
    state: 'valid',
    subject: 'CN=cherry.lab',
    issuerDn: 'CN=jdk-CA1,DC=jdk,DC=cms',
    authority: { id: 2, configName: 'CA1.jdk.com\\jdk-CA1' },
    template: { id: 1, shortName: 'UserServer' },
    keyAlgorithm: 'RSA-2048',
    serialNumber: '0123',
    notBefore: '2026-01-01T00:00:00.000Z',
    revokedAt: null,
    locationCount: 1,
    renewedById: null,
    subjectAltNames: { dns: ['cherry.lab'], ip: [], email: [], uri: [] },
    signatureAlgorithm: 'sha256WithRSAEncryption',
    extendedKeyUsages: ['serverAuth'],
    keyUsages: ['digitalSignature'],
    crlDistributionPoints: [],
    chain: [],
    metadata: { 'Email-Contact': 'pi@cherry.lab', Environment: 'Staging' },
    locations: [
      {
        storeId: '6d14c2be-76d6-4777-8247-72dcd1c9ab1a',
        clientMachine: '192.168.41.171',
        storePath: '/home/pi/cherry/cherrystore',
        storeName: '192.168.41.171-/home/pi/cherry/cherrystore',
        alias: 'cherry',
        isTrustStore: false,
      },
    ],
    renewedFrom: null,
    renewedBy: [],
    revocation: null,
    hasPrivateKey: true,
    requestId: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    pem: '',
    ...overrides,
  };
}

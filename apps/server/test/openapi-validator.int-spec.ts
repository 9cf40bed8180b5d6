import {
  expectValidKeyfactorResponse,
  loadKeyfactorOpenApi,
  type OpenApiValidator,
  type ValidationResult,
} from './support/openapi-validator';

function errorsOf(result: ValidationResult): string[] {
  return result.valid ? [] : result.errors;
}

/** A certificate as GET /Certificates/{id} returns it, trimmed to the commonly read fields. */
const certificate = {
  Id: 123,
  Thumbprint: '3F1C9A0B5D7E2F4A6C8E0B1D3F5A7C9E1B3D5F70',
  SerialNumber: '6A1F00000000B2C4D6E8F0A1B3C5D7E9',
  IssuedDN: 'CN=app.lab.test',
  IssuedCN: 'app.lab.test',
  IssuerDN: 'CN=certlab Issuing CA',
  ImportDate: '2025-01-02T03:04:05Z',
  NotBefore: '2025-01-02T03:04:05Z',
  NotAfter: '2026-01-02T03:04:05Z',
  CertState: 1,
  CertStateString: 'Active',
  KeyType: 0,
  KeyTypeString: 'RSA',
  KeySizeInBits: 2048,
  RevocationEffDate: null,
  RevocationReason: null,
  TemplateId: 1,
  CertificateAuthorityId: 1,
  HasPrivateKey: false,
  SubjectAltNameElements: [{ Id: 1, Value: 'app.lab.test', Type: 2 }],
  Metadata: { Owner: 'alice' },
};

describe('Keyfactor OpenAPI response validator', () => {
  let validator: OpenApiValidator;

  beforeAll(() => {
    validator = loadKeyfactorOpenApi();
  });

  it('is parsed once and reused', () => {
    expect(loadKeyfactorOpenApi()).toBe(validator);
  });

  describe('GET /Status/Endpoints', () => {
    const url = '/KeyfactorAPI/Status/Endpoints';

    it('accepts an array of strings', () => {
      expect(validator.validateResponse('GET', url, 200, ['GET /Status/Endpoints'])).toEqual({
        valid: true,
      });
      expect(() =>
        expectValidKeyfactorResponse(validator, 'GET', url, 200, ['GET /Status/Endpoints']),
      ).not.toThrow();
    });

    it('rejects an array of numbers, naming each bad item and the operation', () => {
      const errors = errorsOf(validator.validateResponse('GET', url, 200, [1, 2]));
      expect(errors).toEqual([
        expect.stringMatching(/^\/0 must be string/),
        expect.stringMatching(/^\/1 must be string/),
      ]);
      expect(() => expectValidKeyfactorResponse(validator, 'GET', url, 200, [1, 2])).toThrow(
        /Status_GetEndpoints[\s\S]*\/0 must be string/,
      );
    });

    it('rejects a status the operation does not declare', () => {
      expect(errorsOf(validator.validateResponse('GET', url, 404, {}))).toEqual([
        expect.stringContaining('no response declared for status 404'),
      ]);
    });
  });

  describe('GET /Certificates/{id}', () => {
    const url = '/KeyfactorAPI/Certificates/123';

    it('accepts a certificate, including null for nullable fields', () => {
      expect(validator.validateResponse('GET', url, 200, certificate)).toEqual({ valid: true });
    });

    it('rejects a wrongly typed Id with an error naming /Id', () => {
      expect(() =>
        expectValidKeyfactorResponse(validator, 'GET', url, 200, { ...certificate, Id: 'abc' }),
      ).toThrow(/Certificate_GetCertificate[\s\S]*\/Id must be integer/);
    });

    it('applies enums, OpenAPI formats and nested models', () => {
      const errors = errorsOf(
        validator.validateResponse('GET', url, 200, {
          ...certificate,
          Id: 2 ** 31, // beyond int32
          RevocationReason: 7, // not a documented reason
          NotAfter: 'tomorrow',
          SubjectAltNameElements: [{ Type: 'DNS' }],
        }),
      );
      expect(errors).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^\/Id must match format "int32"/),
          expect.stringMatching(/^\/RevocationReason must be equal to one of the allowed values/),
          expect.stringMatching(/^\/NotAfter must match format "date-time"/),
          expect.stringMatching(/^\/SubjectAltNameElements\/0\/Type must be integer/),
        ]),
      );
    });

    it('allows fields the document does not list (no additionalProperties: false)', () => {
      expect(validator.validateResponse('GET', url, 200, { ...certificate, Extra: 1 })).toEqual({
        valid: true,
      });
    });
  });

  describe('path matching', () => {
    it('prefers literal segments over templates', () => {
      expect(validator.findOperation('POST', '/KeyfactorAPI/Certificates/Download')).toEqual({
        operationId: 'Certificate_DownloadCertificateAsync',
        method: 'post',
        path: '/Certificates/Download',
      });
      // No GET Download exists, and "Download" is not an integer id.
      expect(validator.hasOperation('GET', '/KeyfactorAPI/Certificates/Download')).toBe(false);
    });

    it('matches literal segments case-insensitively, with or without the prefix', () => {
      for (const url of [
        '/keyfactorapi/certificates/download',
        '/Certificates/Download',
        'http://127.0.0.1:8080/KeyfactorAPI/Certificates/Download',
      ]) {
        expect(validator.findOperation('post', url)?.path).toBe('/Certificates/Download');
      }
    });

    it('uses the path parameter type to choose between same-shaped templates', () => {
      expect(validator.findOperation('GET', '/KeyfactorAPI/MetadataFields/5')?.operationId).toBe(
        'MetadataField_GetMetadataField0',
      );
      expect(
        validator.findOperation('GET', '/KeyfactorAPI/MetadataFields/Owner')?.operationId,
      ).toBe('MetadataField_GetMetadataField1');
    });

    it('ignores query strings', () => {
      const url = '/KeyfactorAPI/Certificates?pq.queryString=CN%20-eq%20%22x%22&verbose=1';
      expect(validator.findOperation('GET', url)?.operationId).toBe(
        'Certificate_QueryCertificates',
      );
      expect(validator.validateResponse('GET', url, 200, [certificate])).toEqual({ valid: true });
      expect(
        validator.findOperation('GET', '/KeyfactorAPI/Certificates/123?includeMetadata=true')
          ?.operationId,
      ).toBe('Certificate_GetCertificate');
    });

    it('reports an unknown path as having no operation', () => {
      const url = '/KeyfactorAPI/NoSuchThing/1';
      expect(validator.hasOperation('GET', url)).toBe(false);
      expect(errorsOf(validator.validateResponse('GET', url, 200, {}))).toEqual([
        expect.stringContaining('no operation in the document matches GET'),
      ]);
      expect(() => expectValidKeyfactorResponse(validator, 'GET', url, 200, {})).toThrow(
        /no operation/,
      );
    });
  });

  describe('POST /Enrollment/Renew', () => {
    const url = '/KeyfactorAPI/Enrollment/Renew?collectionId=3';
    const renewed = {
      KeyfactorId: 124,
      KeyfactorRequestId: 57,
      Thumbprint: '8B0E6A1C3D5F7092B4D6F8A0C2E4F6A8B0C2D4E6',
      SerialNumber: '6A1F00000000B2C4D6E8F0A1B3C5D7EA01',
      IssuerDN: 'CN=certlab Issuing CA',
      RequestDisposition: 'ISSUED',
      DispositionMessage: 'The private key was successfully retained.',
    };

    it('accepts a realistic renew response, with or without Password', () => {
      expectValidKeyfactorResponse(validator, 'POST', url, 200, renewed);
      expectValidKeyfactorResponse(validator, 'POST', url, 200, { ...renewed, Password: 'x' });
      // A pending renewal: nothing issued yet.
      expectValidKeyfactorResponse(validator, 'POST', url, 200, {
        ...renewed,
        Thumbprint: '',
        SerialNumber: '',
        IssuerDN: null,
        RequestDisposition: 'PENDING',
      });
    });

    it('requires no property (the document declares none required) but checks types', () => {
      expect(validator.validateResponse('POST', url, 200, {})).toEqual({ valid: true });
      expect(
        errorsOf(validator.validateResponse('POST', url, 200, { ...renewed, KeyfactorId: '124' })),
      ).toEqual([expect.stringMatching(/^\/KeyfactorId must be integer/)]);
    });
  });

  describe('responses without content and media types', () => {
    it('accepts an empty body where the document declares no content (204)', () => {
      const url = '/KeyfactorAPI/Agents/Approve';
      expectValidKeyfactorResponse(validator, 'POST', url, 204, undefined);
      expectValidKeyfactorResponse(validator, 'POST', url, 204, '');
      expect(errorsOf(validator.validateResponse('POST', url, 204, { Id: 1 }))).toEqual([
        expect.stringContaining('declares no content'),
      ]);
    });

    it('honours a given content type and refuses to validate XML', () => {
      const url = '/KeyfactorAPI/Status/Endpoints';
      expect(
        validator.validateResponse('GET', url, 200, ['x'], 'application/json; charset=utf-8'),
      ).toEqual({ valid: true });
      expect(validator.validateResponse('GET', url, 200, ['x'], 'text/json')).toEqual({
        valid: true,
      });
      expect(errorsOf(validator.validateResponse('GET', url, 200, '<x/>', 'text/xml'))).toEqual([
        expect.stringContaining('cannot validate non-JSON text/xml'),
      ]);
    });
  });

  it('routes every documented operation to itself and compiles its response schemas', () => {
    // Concrete values for templates: an integer, a uuid and a free string cover every typed one.
    const values = ['1', '00000000-0000-0000-0000-000000000000', 'sample'];
    const urlsFor = (path: string): string[] =>
      path
        .split('/')
        .reduce<string[]>(
          (prefixes, segment) =>
            prefixes.flatMap((prefix) =>
              /^\{.+\}$/.test(segment)
                ? values.map((v) => `${prefix}/${v}`)
                : [`${prefix}/${segment}`],
            ),
          [''],
        )
        .map((url) => `/KeyfactorAPI${url.replace(/^\/\//, '/')}`);

    const shadowed: string[] = [];
    for (const op of validator.listOperations()) {
      const url = urlsFor(op.path).find(
        (candidate) => validator.findOperation(op.method, candidate)?.path === op.path,
      );
      if (url === undefined) {
        shadowed.push(`${op.method} ${op.path}`);
        continue;
      }
      // null is not a valid body anywhere; the point is that compiling never throws.
      expect(() => validator.validateResponse(op.method, url, 200, null)).not.toThrow();
    }
    expect(shadowed).toEqual([]);
  });
});

import {
  type Extension,
  Pkcs10CertificateRequest,
  Pkcs10CertificateRequestGenerator,
  SubjectAlternativeNameExtension,
} from './x509';
import { type KeyAlgorithm } from '@certlab/contracts';
import { AsnConvert } from '@peculiar/asn1-schema';
import { id_ce_subjectAltName, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { emptySubjectAltNames, readGeneralNames, type SubjectAltNames } from './certificate';
import { defaultPkiContext, type PkiContext } from './context';
import { PkiError, parseOrThrow } from './errors';
import { keyAlgorithmOf, keyAlgorithmOfSpki, signingAlgorithmFor } from './keys';
import { formatDn, parseDn } from './names';
import { bufferView, pemEncode, toDer } from './pem';
import { checkSubjectAltNames, toGeneralNames } from './profile';

/** What a verified PKCS#10 request asks for. */
export interface CertificateSigningRequest {
  der: Uint8Array;
  subject: string;
  subjectPublicKeyInfo: Uint8Array;
  keyAlgorithm: KeyAlgorithm;
  subjectAltNames: SubjectAltNames;
}

const CSR_LABELS = ['CERTIFICATE REQUEST', 'NEW CERTIFICATE REQUEST'];

/**
 * Parses a PKCS#10 request (PEM or DER) and verifies its self-signature, which proves the
 * requester holds the private key. A request whose signature does not verify is BAD_SIGNATURE.
 */
export async function parseCsr(
  input: string | Uint8Array,
  ctx: PkiContext = defaultPkiContext,
): Promise<CertificateSigningRequest> {
  const der = toDer(input, CSR_LABELS);
  const csr = parseOrThrow(
    'MALFORMED_DER',
    'certificate request',
    () => new Pkcs10CertificateRequest(bufferView(der)),
  );
  const fields = parseOrThrow('MALFORMED_DER', 'certificate request', () => ({
    subject: formatDn(csr.subjectName),
    spki: new Uint8Array(csr.publicKey.rawData),
    sans: readSubjectAltNames(csr.getExtension(id_ce_subjectAltName)),
  }));
  const keyAlgorithm = keyAlgorithmOfSpki(fields.spki);
  let verified = false;
  try {
    verified = await csr.verify(ctx.crypto);
  } catch {
    verified = false;
  }
  if (!verified)
    throw new PkiError('BAD_SIGNATURE', 'the certificate request signature does not verify');

  return {
    der,
    subject: fields.subject,
    subjectPublicKeyInfo: fields.spki,
    keyAlgorithm,
    subjectAltNames: fields.sans,
  };
}

/** Makes a PKCS#10 request (PEM), as an agent does for on-device key generation. */
export async function createCsr(
  request: { subject: string; keys: CryptoKeyPair; subjectAltNames?: Partial<SubjectAltNames> },
  ctx: PkiContext = defaultPkiContext,
): Promise<string> {
  const sans = checkSubjectAltNames(request.subjectAltNames ?? {});
  const names = toGeneralNames(sans);
  const csr = await Pkcs10CertificateRequestGenerator.create(
    {
      name: parseDn(request.subject),
      keys: request.keys,
      signingAlgorithm: signingAlgorithmFor(keyAlgorithmOf(request.keys.privateKey)),
      extensions: names.length > 0 ? [new SubjectAlternativeNameExtension(names)] : [],
    },
    ctx.crypto,
  );
  return pemEncode(new Uint8Array(csr.rawData), 'CERTIFICATE REQUEST');
}

function readSubjectAltNames(extension: Extension | null): SubjectAltNames {
  if (!extension) return emptySubjectAltNames();
  return readGeneralNames(AsnConvert.parse(extension.value, SubjectAlternativeName));
}

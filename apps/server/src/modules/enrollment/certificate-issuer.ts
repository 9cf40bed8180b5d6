import { Injectable } from '@nestjs/common';
import { type KeyAlgorithm, isKeyAlgorithm } from '@certlab/contracts';
import {
  type Certificate,
  exportPrivateKey,
  generateKeyPair,
  isPkiError,
  issueLeafCertificate,
  pkiContext,
  type SubjectAltNames,
} from '@certlab/pki';
import { Clock } from '../../common/clock';
import { KeyVault } from '../../common/secrets/key-vault';
import { AuthoritiesService } from '../authorities/authorities.service';
import { type CertificateAuthorityEntity } from '../authorities/certificate-authority.entity';
import { certificateKeyContext } from '../certificates/certificate-key-context';
import { type TemplateEntity } from '../templates/template.entity';
import { EnrollmentErrors } from './enrollment.errors';

export interface IssuedWithKey {
  certificate: Certificate;
  encryptedPrivateKey: string;
}

/**
 * Issues a certificate with a fresh server-generated key of the template's algorithm. Runs
 * outside any transaction: key generation (RSA especially) and signing are the slow part of a
 * renewal, and WebCrypto runs them on libuv's thread pool, so concurrent renewals use every core.
 */
@Injectable()
export class CertificateIssuer {
  constructor(
    private readonly authorities: AuthoritiesService,
    private readonly vault: KeyVault,
    private readonly clock: Clock,
  ) {}

  async issue(input: {
    template: TemplateEntity;
    authority: CertificateAuthorityEntity;
    subject: string;
    subjectAltNames: SubjectAltNames;
  }): Promise<IssuedWithKey> {
    const algorithm = templateKeyAlgorithm(input.template);
    const ctx = pkiContext({ now: () => this.clock.now() });
    try {
      const keys = await generateKeyPair(algorithm, ctx);
      const certificate = await issueLeafCertificate(
        {
          publicKey: keys.publicKey,
          issuer: await this.authorities.issuer(input.authority),
          profile: {
            subject: input.subject,
            subjectAltNames: input.subjectAltNames,
            extendedKeyUsages: input.template.extendedKeyUsages,
            validityDays: input.template.validityDays,
            ...this.authorities.publicationUrls(input.authority),
          },
        },
        ctx,
      );
      const encryptedPrivateKey = this.vault.seal(
        await exportPrivateKey(keys.privateKey, ctx),
        certificateKeyContext(certificate.thumbprint),
      );
      return { certificate, encryptedPrivateKey };
    } catch (error) {
      if (isPkiError(error)) {
        throw EnrollmentErrors.cannotIssue(
          `${input.authority.configName} cannot issue this certificate: ${error.message}`,
        );
      }
      throw error;
    }
  }
}

function templateKeyAlgorithm(template: TemplateEntity): KeyAlgorithm {
  if (!isKeyAlgorithm(template.keyAlgorithm)) {
    throw EnrollmentErrors.cannotIssue(
      `Template "${template.shortName}" has an unknown key algorithm ${template.keyAlgorithm}.`,
    );
  }
  return template.keyAlgorithm;
}

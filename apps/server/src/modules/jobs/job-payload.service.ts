import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { type CertificateStoreDetails, type InventoryItemSnapshot } from '@certlab/contracts';
import { buildPkcs12, pemDecode } from '@certlab/pki';
import { KeyVault } from '../../common/secrets/key-vault';
import { AuthoritiesService } from '../authorities/authorities.service';
import { CertificatesService } from '../certificates/certificates.service';
import { certificateKeyContext } from '../certificates/certificate-key-context';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { type OrchestratorJobEntity } from './orchestrator-job.entity';

/**
 * One round of PBKDF2 and of the MAC's KDF. Iterations stretch a guessable password; this one is
 * 192 random bits, so they add nothing, while 2048 rounds cost ~2.5 ms on each side of every
 * delivery (the MAC's KDF runs in JS). OpenSSL and every PKCS#12 reader accept a count of 1.
 */
const TRANSPORT_PKCS12_ITERATIONS = 1;

/**
 * What an agent receives for a job. The certificate travels as a PKCS#12 with its private key and
 * chain, encrypted under a password made for this one delivery: the password is returned once,
 * with the configuration, over the agent's authenticated session, and never stored.
 */
@Injectable()
export class JobPayloadService {
  constructor(
    private readonly certificates: CertificatesService,
    private readonly authorities: AuthoritiesService,
    private readonly vault: KeyVault,
  ) {}

  async jobCertificate(
    job: OrchestratorJobEntity,
  ): Promise<{ Thumbprint: string; Contents: string; Alias: string; PrivateKeyPassword: string }> {
    if (job.certificateId === null)
      return { Thumbprint: '', Contents: '', Alias: job.alias ?? '', PrivateKeyPassword: '' };
    const entity = await this.certificates.get(job.certificateId);
    const certificate = { der: pemDecode(entity.certificatePem, ['CERTIFICATE']).der };
    if (!entity.encryptedPrivateKey) {
      // No key held by certlab (an imported certificate): the vendor sends base64 DER then.
      return {
        Thumbprint: entity.thumbprint,
        Contents: Buffer.from(certificate.der).toString('base64'),
        Alias: job.alias ?? entity.thumbprint,
        PrivateKeyPassword: '',
      };
    }
    // Remembered per CA: parsing the same chain again for every delivery cost 5 % of server CPU.
    const chain =
      entity.authorityId === null ? [] : await this.authorities.chainOf(entity.authorityId);
    const password = randomBytes(24).toString('base64url');
    const pkcs12 = buildPkcs12(
      {
        certificates: [certificate.der, ...chain.map((ca) => ca.der)],
        privateKey: this.vault.open(
          entity.encryptedPrivateKey,
          certificateKeyContext(entity.thumbprint),
        ),
      },
      {
        password,
        friendlyName: job.alias ?? entity.thumbprint,
        iterations: TRANSPORT_PKCS12_ITERATIONS,
      },
    );
    return {
      Thumbprint: entity.thumbprint,
      Contents: Buffer.from(pkcs12).toString('base64'),
      Alias: job.alias ?? entity.thumbprint,
      PrivateKeyPassword: password,
    };
  }

  storeDetails(store: CertificateStoreEntity): CertificateStoreDetails {
    return {
      ClientMachine: store.clientMachine,
      StorePath: store.storePath,
      StorePassword: null,
      Properties: JSON.stringify(store.properties),
      Type: store.storeType,
    };
  }

  /** What certlab believes is in the store, for the agent's Added/Modified/Removed statuses. */
  async lastInventory(store: CertificateStoreEntity): Promise<InventoryItemSnapshot[]> {
    const locations = await this.certificates.locationsInStore(store.id);
    return locations.map((location) => ({
      Alias: location.alias,
      PrivateKeyEntry: location.hasKey,
      Thumbprints: [location.thumbprint],
    }));
  }
}

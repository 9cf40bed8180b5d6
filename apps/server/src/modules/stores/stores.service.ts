import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, Repository } from 'typeorm';
import { GUID_PATTERN } from '@certlab/contracts';
import { CertificateStoreEntity } from './certificate-store.entity';
import { StoreErrors } from './stores.errors';

@Injectable()
export class StoresService {
  constructor(
    @InjectRepository(CertificateStoreEntity)
    private readonly stores: Repository<CertificateStoreEntity>,
  ) {}

  list(): Promise<CertificateStoreEntity[]> {
    return this.stores.find({ order: { clientMachine: 'ASC', storePath: 'ASC' } });
  }

  async get(id: string): Promise<CertificateStoreEntity> {
    const store = GUID_PATTERN.test(id)
      ? await this.stores.findOneBy({ id: id.toLowerCase() })
      : null;
    if (!store) throw StoreErrors.notFound(`Certificate store ${id} was not found.`);
    return store;
  }

  /**
   * Every id must be a GUID of an existing, approved store, or the whole request fails: a renewal
   * either delivers everywhere it was asked to or does nothing. Order is kept, duplicates dropped.
   */
  async requireAll(ids: readonly string[]): Promise<CertificateStoreEntity[]> {
    const malformed = ids.filter((id) => !GUID_PATTERN.test(id));
    if (malformed.length > 0) {
      throw StoreErrors.malformedStoreId(
        `CertStores: ${malformed.map((id) => `"${id}"`).join(', ')} is not a GUID.`,
      );
    }
    const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
    const found = wanted.length === 0 ? [] : await this.stores.findBy({ id: In(wanted) });
    const byId = new Map(found.filter((store) => store.approved).map((store) => [store.id, store]));
    const missing = wanted.filter((id) => !byId.has(id));
    if (missing.length > 0) {
      throw StoreErrors.unknownStore(
        `CertStores: no approved certificate store with id ${missing.join(', ')}.`,
      );
    }
    return wanted.map((id) => byId.get(id) as CertificateStoreEntity);
  }
}

/** How `RenewedCertStores` names a store: `"<ClientMachine>-<StorePath>"`, plain concatenation. */
export function storeDisplayName(
  store: Pick<CertificateStoreEntity, 'clientMachine' | 'storePath'>,
): string {
  return `${store.clientMachine}-${store.storePath}`;
}

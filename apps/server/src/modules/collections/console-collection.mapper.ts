import { type CollectionView } from '@certlab/contracts';
import { type CertificateCollectionEntity } from './certificate-collection.entity';

export function toCollectionView(collection: CertificateCollectionEntity): CollectionView {
  return {
    id: collection.id,
    name: collection.name,
    description: collection.description,
    query: collection.query,
    createdAt: collection.createdAt.toISOString(),
  };
}

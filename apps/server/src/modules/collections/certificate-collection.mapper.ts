import { type CertificateCollectionEntity } from './certificate-collection.entity';

/** `Models.CertificateQuery`, what the collection reads answer. */
export interface KeyfactorCertificateQuery {
  Id: number;
  Name: string;
  Description: string;
  Automated: boolean;
  Content: string;
  DuplicationField: 0;
  ShowOnDashboard: boolean;
  Favorite: boolean;
}

/** `CertificateCollectionResponse`, what a create answers. */
export interface KeyfactorCollectionResponse {
  Id: number;
  Name: string;
  Description: string;
  Content: string;
  Query: string;
  DuplicationField: 0;
  ShowOnDashboard: boolean;
  Favorite: boolean;
}

export function toKeyfactorCertificateQuery(
  collection: CertificateCollectionEntity,
): KeyfactorCertificateQuery {
  return {
    Id: collection.id,
    Name: collection.name,
    Description: collection.description,
    Automated: false,
    Content: collection.query,
    DuplicationField: 0,
    ShowOnDashboard: false,
    Favorite: false,
  };
}

export function toKeyfactorCollectionResponse(
  collection: CertificateCollectionEntity,
): KeyfactorCollectionResponse {
  return {
    Id: collection.id,
    Name: collection.name,
    Description: collection.description,
    Content: collection.query,
    Query: collection.query,
    DuplicationField: 0,
    ShowOnDashboard: false,
    Favorite: false,
  };
}

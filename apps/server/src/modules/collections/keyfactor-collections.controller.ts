import { Body, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { KeyfactorController } from '../keyfactor-api/keyfactor-controller.decorator';
import { integerId } from '../keyfactor-api/keyfactor-path-params';
import { type HeaderWriter, listPage, type RawQuery } from '../keyfactor-api/keyfactor-query';
import {
  type KeyfactorCertificateQuery,
  type KeyfactorCollectionResponse,
  toKeyfactorCertificateQuery,
  toKeyfactorCollectionResponse,
} from './certificate-collection.mapper';
import { CollectionErrors } from './collections.errors';
import { CollectionCreateSchema } from './collections.schemas';
import { CollectionsService } from './collections.service';

/** The minimal `/KeyfactorAPI/CertificateCollections` an expiration alert needs: create and read. */
@KeyfactorController('CertificateCollections')
export class KeyfactorCollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Get()
  @Requires('read')
  async list(
    @Query() raw: RawQuery,
    @Res({ passthrough: true }) response: HeaderWriter,
  ): Promise<KeyfactorCertificateQuery[]> {
    return listPage(
      response,
      (await this.collections.list()).map(toKeyfactorCertificateQuery),
      raw,
      'pq',
      { Id: (collection) => collection.Id, Name: (collection) => collection.Name },
    );
  }

  /** The document has both `/{id}` and `/{name}`; as in ASP.NET routing, digits mean the id. */
  @Get(':id')
  @Requires('read')
  async get(@Param('id') idOrName: string): Promise<KeyfactorCertificateQuery> {
    const collection = /^\d+$/.test(idOrName)
      ? await this.collections.get(integerId(idOrName, 'Certificate collection'))
      : await this.collections.getByName(idOrName);
    return toKeyfactorCertificateQuery(collection);
  }

  @Post()
  @HttpCode(200)
  @Requires('admin')
  async create(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<KeyfactorCollectionResponse> {
    const request = parseBody(CollectionCreateSchema, body, CollectionErrors.invalidRequest);
    return toKeyfactorCollectionResponse(
      await this.collections.create(
        {
          name: request.name,
          description: request.description,
          query: request.query,
        },
        actor,
      ),
    );
  }
}

import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CollectionInputSchema, type CollectionView } from '@certlab/contracts';
import { parseApiBody } from '../../common/api/api-params';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { toCollectionView } from './console-collection.mapper';
import { CollectionsService } from './collections.service';

/** Saved certificate queries in the console; the query is checked by the server's parser. */
@ApiTags('Console: expiration alerts')
@Controller('api/collections')
export class ConsoleCollectionsController {
  constructor(private readonly collections: CollectionsService) {}

  @Get()
  @Requires('read')
  async list(): Promise<CollectionView[]> {
    return (await this.collections.list()).map(toCollectionView);
  }

  @Post()
  @HttpCode(201)
  @Requires('admin')
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<CollectionView> {
    const input = parseApiBody(CollectionInputSchema, body);
    return toCollectionView(
      await this.collections.create(
        { name: input.name, description: input.description, query: input.query.trim() },
        actor,
      ),
    );
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { toCampaign, toItem, toPlan } from './campaign.mapper';
import { CampaignErrors } from './campaigns.errors';
import { CreateCampaignSchema, ItemsQuerySchema, PlanQuerySchema } from './campaigns.schemas';
import { CampaignsService } from './campaigns.service';

/**
 * Migration campaigns. Reading needs `read`; planning and running them needs `admin`: a campaign
 * renews, delivers and revokes certificates on behalf of everyone who owns them.
 */
@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

  @Post()
  @HttpCode(201)
  @Requires('admin')
  async create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const draft = parseBody(CreateCampaignSchema, body, CampaignErrors.invalidRequest);
    return toCampaign(await this.campaigns.create(draft, actor));
  }

  @Get()
  @Requires('read')
  async list() {
    return (await this.campaigns.list()).map(toCampaign);
  }

  @Get(':id')
  @Requires('read')
  async get(@Param('id') id: string) {
    return toCampaign(await this.campaigns.view(campaignId(id)));
  }

  @Get(':id/plan')
  @Requires('read')
  async plan(@Param('id') id: string, @Query() query: unknown) {
    const paging = parseBody(PlanQuerySchema, query, CampaignErrors.invalidRequest);
    return toPlan(await this.campaigns.plan(campaignId(id), paging), paging);
  }

  @Get(':id/items')
  @Requires('read')
  async items(@Param('id') id: string, @Query() query: unknown) {
    const { state, ...paging } = parseBody(ItemsQuerySchema, query, CampaignErrors.invalidRequest);
    const page = await this.campaigns.itemPage(campaignId(id), state, paging);
    return {
      items: page.items.map(toItem),
      page: paging.page,
      limit: paging.limit,
      total: page.total,
    };
  }

  @Post(':id/execute')
  @HttpCode(200)
  @Requires('admin')
  async execute(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return toCampaign(await this.campaigns.execute(campaignId(id), actor));
  }

  @Post(':id/pause')
  @HttpCode(200)
  @Requires('admin')
  async pause(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return toCampaign(await this.campaigns.pause(campaignId(id), actor));
  }

  @Post(':id/resume')
  @HttpCode(200)
  @Requires('admin')
  async resume(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return toCampaign(await this.campaigns.resume(campaignId(id), actor));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Requires('admin')
  async cancel(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return toCampaign(await this.campaigns.cancel(campaignId(id), actor));
  }
}

function campaignId(text: string): number {
  if (!/^[1-9][0-9]{0,9}$/.test(text))
    throw CampaignErrors.notFound(`Campaign ${text} was not found.`);
  return Number(text);
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  CampaignItemsQuerySchema,
  type CampaignItemView,
  CampaignPlanQuerySchema,
  type CampaignPlanView,
  type CampaignView,
  CreateCampaignSchema,
  type Page,
} from '@certlab/contracts';
import { parseApiBody, parseQueryString, positiveIdParam } from '../../common/api/api-params';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { toCampaign, toItem, toPlan } from './campaign.mapper';
import { CampaignPlanChanges } from './campaign-plan-changes';
import { CampaignsService } from './campaigns.service';

const campaignId = (id: string) => positiveIdParam(id, 'Campaign id');

/**
 * Migration campaigns. Reading needs `read`; planning and running them needs `admin`: a campaign
 * renews, delivers and revokes certificates on behalf of everyone who owns them.
 */
@ApiTags('Migration campaigns')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(
    private readonly campaigns: CampaignsService,
    private readonly planChanges: CampaignPlanChanges,
  ) {}

  @Post()
  @ApiOperation({
    summary:
      'Plan a campaign (dry run): matching certificates, their stores and agents, blocked ones and why',
  })
  @ApiBody({
    schema: {
      example: {
        name: 'Legacy RSA to ECDSA',
        query: 'IssuingCA -eq "CA1.jdk.com\\\\jdk-CA1"',
        targetCA: 'CA2.cherry.lab\\cherry-CA2-EC',
        targetTemplate: 'WebServerECDSA',
        batchSize: 50,
        trustFirst: true,
        retireOld: true,
      },
    },
  })
  @HttpCode(201)
  @Requires('admin')
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<CampaignView> {
    const draft = parseApiBody(CreateCampaignSchema, body);
    return toCampaign(await this.campaigns.create(draft, actor));
  }

  @Get()
  @ApiOperation({ summary: 'Every campaign with its progress' })
  @Requires('read')
  async list(): Promise<CampaignView[]> {
    return (await this.campaigns.list()).map(toCampaign);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign: options, state, phase, progress per item state' })
  @Requires('read')
  async get(@Param('id') id: string): Promise<CampaignView> {
    return toCampaign(await this.campaigns.view(campaignId(id)));
  }

  @Get(':id/plan')
  @ApiOperation({
    summary:
      'The plan, paged: items with current and next CA, template, key algorithm, chain, stores; trust deliveries; what changes over all items',
  })
  @Requires('read')
  async plan(@Param('id') id: string, @Query() query: unknown): Promise<CampaignPlanView> {
    const campaign = campaignId(id);
    const paging = parseQueryString(CampaignPlanQuerySchema, query);
    const view = await this.campaigns.plan(campaign, paging);
    const reach = await this.planChanges.of(campaign, view.campaign.targetAuthorityId);
    return toPlan(view, reach, paging);
  }

  @Get(':id/items')
  @ApiOperation({ summary: 'Per-certificate results, paged, optionally by state' })
  @Requires('read')
  async items(@Param('id') id: string, @Query() query: unknown): Promise<Page<CampaignItemView>> {
    const { state, ...paging } = parseQueryString(CampaignItemsQuerySchema, query);
    const page = await this.campaigns.itemPage(campaignId(id), state, paging);
    return {
      items: page.items.map(toItem),
      page: paging.page,
      limit: paging.limit,
      total: page.total,
    };
  }

  @Post(':id/execute')
  @ApiOperation({ summary: 'Start a planned campaign (trust first, then the leaves in batches)' })
  @HttpCode(200)
  @Requires('admin')
  async execute(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<CampaignView> {
    return toCampaign(await this.campaigns.execute(campaignId(id), actor));
  }

  @Post(':id/pause')
  @ApiOperation({ summary: 'Stop starting items; those in flight finish' })
  @HttpCode(200)
  @Requires('admin')
  async pause(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<CampaignView> {
    return toCampaign(await this.campaigns.pause(campaignId(id), actor));
  }

  @Post(':id/resume')
  @ApiOperation({ summary: 'Continue a paused campaign, or retry a failed trust delivery' })
  @HttpCode(200)
  @Requires('admin')
  async resume(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<CampaignView> {
    return toCampaign(await this.campaigns.resume(campaignId(id), actor));
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Drop the pending items; those in flight finish' })
  @HttpCode(200)
  @Requires('admin')
  async cancel(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<CampaignView> {
    return toCampaign(await this.campaigns.cancel(campaignId(id), actor));
  }
}

import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
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
@ApiTags('Migration campaigns')
@Controller('api/campaigns')
export class CampaignsController {
  constructor(private readonly campaigns: CampaignsService) {}

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
  async create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const draft = parseBody(CreateCampaignSchema, body, CampaignErrors.invalidRequest);
    return toCampaign(await this.campaigns.create(draft, actor));
  }

  @Get()
  @ApiOperation({ summary: 'Every campaign with its progress' })
  @Requires('read')
  async list() {
    return (await this.campaigns.list()).map(toCampaign);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A campaign: options, state, phase, progress per item state' })
  @Requires('read')
  async get(@Param('id') id: string) {
    return toCampaign(await this.campaigns.view(campaignId(id)));
  }

  @Get(':id/plan')
  @ApiOperation({
    summary:
      'The plan, paged: items with current and next CA, template, key algorithm, chain, stores; trust deliveries',
  })
  @Requires('read')
  async plan(@Param('id') id: string, @Query() query: unknown) {
    const paging = parseBody(PlanQuerySchema, query, CampaignErrors.invalidRequest);
    return toPlan(await this.campaigns.plan(campaignId(id), paging), paging);
  }

  @Get(':id/items')
  @ApiOperation({ summary: 'Per-certificate results, paged, optionally by state' })
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
  @ApiOperation({ summary: 'Start a planned campaign (trust first, then the leaves in batches)' })
  @HttpCode(200)
  @Requires('admin')
  async execute(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return toCampaign(await this.campaigns.execute(campaignId(id), actor));
  }

  @Post(':id/pause')
  @ApiOperation({ summary: 'Stop starting items; those in flight finish' })
  @HttpCode(200)
  @Requires('admin')
  async pause(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return toCampaign(await this.campaigns.pause(campaignId(id), actor));
  }

  @Post(':id/resume')
  @ApiOperation({ summary: 'Continue a paused campaign, or retry a failed trust delivery' })
  @HttpCode(200)
  @Requires('admin')
  async resume(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return toCampaign(await this.campaigns.resume(campaignId(id), actor));
  }

  @Post(':id/cancel')
  @ApiOperation({ summary: 'Drop the pending items; those in flight finish' })
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

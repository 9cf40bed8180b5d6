import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { type CampaignChange } from '@certlab/contracts';
import { Repository } from 'typeorm';
import { AuthoritiesService } from '../authorities/authorities.service';
import { TemplatesService } from '../templates/templates.service';
import { CampaignItemEntity, type PlannedStore } from './campaign-item.entity';
import { type MovableGroup, planChanges } from './policies/plan-changes';

/** What the plan adds over the whole campaign, not the page: where it reaches, what it changes. */
export interface PlanReach {
  machines: number;
  stores: number;
  changes: CampaignChange[];
}

/**
 * The plan's reach and changes over every movable item, in a fixed number of queries however
 * large the campaign: the items grouped by what decides the changes, and their store lists.
 */
@Injectable()
export class CampaignPlanChanges {
  constructor(
    @InjectRepository(CampaignItemEntity)
    private readonly items: Repository<CampaignItemEntity>,
    private readonly templates: TemplatesService,
    private readonly authorities: AuthoritiesService,
  ) {}

  async of(campaignId: number, targetAuthorityId: number): Promise<PlanReach> {
    const movable = () =>
      this.items
        .createQueryBuilder('item')
        .where('item.campaign_id = :campaignId', { campaignId })
        .andWhere('item.state <> :blocked', { blocked: 'blocked' });
    const [groups, storeLists, templates] = await Promise.all([
      movable()
        .select([
          'item.old_key_algorithm AS "oldKeyAlgorithm"',
          'item.old_template_id AS "oldTemplateId"',
          'item.new_template_id AS "newTemplateId"',
          'item.old_authority_id AS "oldAuthorityId"',
          'COUNT(*) AS "items"',
        ])
        .groupBy('item.old_key_algorithm')
        .addGroupBy('item.old_template_id')
        .addGroupBy('item.new_template_id')
        .addGroupBy('item.old_authority_id')
        .getRawMany<{
          oldKeyAlgorithm: string | null;
          oldTemplateId: number | string | null;
          newTemplateId: number | string | null;
          oldAuthorityId: number | string | null;
          items: number | string;
        }>(),
      movable().select('item.stores', 'stores').getRawMany<{ stores: string }>(),
      this.templates.list(),
    ]);
    const movableGroups: MovableGroup[] = groups.map((row) => ({
      oldKeyAlgorithm: row.oldKeyAlgorithm ?? '',
      oldTemplateId: nullableNumber(row.oldTemplateId),
      newTemplateId: nullableNumber(row.newTemplateId),
      oldAuthorityId: nullableNumber(row.oldAuthorityId),
      items: Number(row.items),
    }));
    const authorityIds = new Set([targetAuthorityId]);
    for (const group of movableGroups)
      if (group.oldAuthorityId !== null) authorityIds.add(group.oldAuthorityId);
    const chains = new Map<number, string[]>();
    for (const id of authorityIds) {
      chains.set(
        id,
        (await this.authorities.chainOf(id)).map((member) => member.subject),
      );
    }
    const machines = new Set<string>();
    const stores = new Set<string>();
    for (const row of storeLists) {
      for (const store of JSON.parse(row.stores) as PlannedStore[]) {
        machines.add(store.machine);
        stores.add(store.id);
      }
    }
    return {
      machines: machines.size,
      stores: stores.size,
      changes: planChanges({
        groups: movableGroups,
        templates: new Map(templates.map((template) => [template.id, template])),
        chains,
        targetAuthorityId,
      }),
    };
  }
}

function nullableNumber(value: unknown): number | null {
  return value === null || value === undefined ? null : Number(value);
}

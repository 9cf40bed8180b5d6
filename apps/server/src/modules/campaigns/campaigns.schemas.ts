import { z } from 'zod';
import { CAMPAIGN_ITEM_STATES } from './campaign-item.entity';

/** `POST /api/campaigns`. Unknown properties are refused, so a typo cannot go unnoticed. */
export const CreateCampaignSchema = z
  .object({
    name: z.string().trim().min(1).max(255),
    query: z.string().trim().min(1).max(4096),
    sourceCA: z.string().min(1).max(255).optional(),
    targetCA: z.string().min(1).max(255),
    targetTemplate: z.string().min(1).max(128).optional(),
    batchSize: z.number().int().min(1).max(1000).default(50),
    trustFirst: z.boolean().default(false),
    retireOld: z.boolean().default(false),
  })
  .strict();

const Page = z.coerce.number().int().min(1).max(1_000_000).default(1);

export const PlanQuerySchema = z
  .object({ page: Page, limit: z.coerce.number().int().min(1).max(5000).default(1000) })
  .strict();

export const ItemsQuerySchema = z
  .object({
    state: z.enum(CAMPAIGN_ITEM_STATES).optional(),
    page: Page,
    limit: z.coerce.number().int().min(1).max(5000).default(100),
  })
  .strict();

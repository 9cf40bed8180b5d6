import { Body, HttpCode, Post } from '@nestjs/common';
import { parseBody } from '../../common/validation/parse-body';
import { AgentStatus } from '../agents/agent.entity';
import { AgentsService } from '../agents/agents.service';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { DeploymentService } from '../enrollment/deployment.service';
import { toIsoInstant } from '../certificates/policies/certificate-query';
import { KeyfactorApiErrors } from './keyfactor-api.errors';
import {
  AgentIdsSchema,
  DeployRequestSchema,
  InventoryScheduleSchema,
  ReplaceRequestSchema,
} from './keyfactor-api.schemas';
import { KeyfactorController } from './keyfactor-controller.decorator';

interface ManagementResponse {
  SuccessfulStores: string[];
  FailedStores: string[];
}

/**
 * Getting certificates onto machines: approving the orchestrators that serve them, and the newer
 * API's PFX/Deploy and PFX/Replace, which schedule Management/Add jobs. A request that names an
 * unknown store schedules nothing (400), so `FailedStores` is always empty here.
 */
@KeyfactorController('', 'Delivery')
export class KeyfactorDeliveryController {
  constructor(
    private readonly agents: AgentsService,
    private readonly deployments: DeploymentService,
  ) {}

  @Post('Agents/Approve')
  @HttpCode(204)
  @Requires('admin')
  async approve(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<void> {
    await this.agents.setStatus(
      parseBody(AgentIdsSchema, body, KeyfactorApiErrors.invalidRequest),
      AgentStatus.Approved,
      actor,
    );
  }

  @Post('Agents/Disapprove')
  @HttpCode(204)
  @Requires('admin')
  async disapprove(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<void> {
    await this.agents.setStatus(
      parseBody(AgentIdsSchema, body, KeyfactorApiErrors.invalidRequest),
      AgentStatus.Disapproved,
      actor,
    );
  }

  @Post('CertificateStores/Schedule')
  @HttpCode(204)
  @Requires('admin')
  async scheduleInventory(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<void> {
    const request = parseBody(InventoryScheduleSchema, body, KeyfactorApiErrors.invalidRequest);
    const when =
      'exactlyonce' in request.schedule ? jobTime(request.schedule.exactlyonce.time) : undefined;
    await this.deployments.scheduleInventory(request.storeids, actor, when);
  }

  @Post('Enrollment/PFX/Deploy')
  @HttpCode(200)
  @Requires('enroll')
  async deploy(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<ManagementResponse> {
    const request = parseBody(DeployRequestSchema, body, KeyfactorApiErrors.invalidRequest);
    const targets = [
      ...(request.storeids ?? []).map((storeId) => ({ storeId })),
      ...(request.stores ?? []).map((store) => ({
        storeId: store.storeid,
        alias: store.alias,
        overwrite: store.overwrite,
      })),
    ];
    const stores = await this.deployments.deploy(
      request.certificateid,
      targets,
      actor,
      jobTime(request.jobtime),
    );
    return { SuccessfulStores: stores.map((store) => store.id), FailedStores: [] };
  }

  @Post('Enrollment/PFX/Replace')
  @HttpCode(200)
  @Requires('enroll')
  async replace(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<ManagementResponse> {
    const request = parseBody(ReplaceRequestSchema, body, KeyfactorApiErrors.invalidRequest);
    const stores = await this.deployments.replace(
      request.existingcertificateid,
      request.certificateid,
      actor,
      jobTime(request.jobtime),
    );
    return { SuccessfulStores: stores.map((store) => store.id), FailedStores: [] };
  }
}

function jobTime(value: string | undefined): Date | undefined {
  const iso = value === undefined ? null : toIsoInstant(value);
  return iso === null ? undefined : new Date(iso);
}

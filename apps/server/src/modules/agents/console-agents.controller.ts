import { Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { type AgentView } from '@certlab/contracts';
import { guidParam } from '../../common/api/api-params';
import { Clock } from '../../common/clock';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { AgentStatus } from './agent.entity';
import { AgentsService } from './agents.service';
import { toAgentView } from './console-agent.mapper';

/** Orchestrator approval from the console: an agent runs nothing until an admin approves it. */
@ApiTags('Console: delivery')
@Controller('api/agents')
export class ConsoleAgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly clock: Clock,
  ) {}

  @Post(':id/approve')
  @HttpCode(200)
  @Requires('admin')
  approve(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<AgentView> {
    return this.setStatus(guidParam(id, 'Agent id'), AgentStatus.Approved, actor);
  }

  @Post(':id/disapprove')
  @HttpCode(200)
  @Requires('admin')
  disapprove(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<AgentView> {
    return this.setStatus(guidParam(id, 'Agent id'), AgentStatus.Disapproved, actor);
  }

  private async setStatus(id: string, status: AgentStatus, actor: Actor): Promise<AgentView> {
    await this.agents.setStatus([id], status, actor);
    return toAgentView(await this.agents.get(id), this.clock.now());
  }
}

import { Body, Controller, HttpCode, Post, Req } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  AgentResultStatus,
  CompleteJobRequestSchema,
  type CompleteJobResponse,
  type InventoryJobConfiguration,
  JobRequestSchema,
  type ManagementJobConfiguration,
  PollRequestSchema,
  type PollResponse,
  RegisterRequestSchema,
  type RegisterResponse,
  SessionRequestSchema,
} from '@certlab/contracts';
import { parseBody } from '../../common/validation/parse-body';
import { type Actor, CurrentActor, Requires } from '../auth/permissions';
import { agentStatusName, AgentsService } from './agents.service';
import { AgentErrors } from './agents.errors';
import { AgentProtocolService } from './agent-protocol.service';

/**
 * Minutes between check-ins, as the vendor's Session.HeartbeatInterval counts them. Short for a
 * lab: a New or Disapproved agent only checks in at this pace, and an approval should take effect
 * while the person who approved is still watching.
 */
const HEARTBEAT_MINUTES = 0.1;
const OK = { Status: AgentResultStatus.Success };

/** The orchestrator protocol: `/KeyfactorAgents`, for users with the `agent` role only. */
@ApiTags('Agent API')
@Controller('KeyfactorAgents')
@Requires('agent')
export class AgentApiController {
  constructor(
    private readonly agents: AgentsService,
    private readonly protocol: AgentProtocolService,
  ) {}

  @Post('Session/Register')
  @HttpCode(200)
  async register(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<RegisterResponse> {
    const request = parseBody(RegisterRequestSchema, body, AgentErrors.invalidRequest);
    const agent = await this.agents.register(
      {
        clientMachine: request.ClientMachine,
        capabilities: request.Capabilities,
        version: request.AgentVersion,
      },
      actor,
    );
    return {
      Result: OK,
      Session: {
        Token: this.protocol.issueSession(agent),
        AgentId: agent.id,
        ClientMachine: agent.clientMachine,
        Status: agentStatusName(agent.status),
        HeartbeatInterval: HEARTBEAT_MINUTES,
        Jobs: await this.protocol.jobsFor(agent),
      },
    };
  }

  @Post('Jobs/Poll')
  @HttpCode(200)
  async poll(
    @Body() body: unknown,
    @Req() request: { on(event: 'close', listener: () => void): void },
  ): Promise<PollResponse> {
    const { SessionToken, WaitSeconds } = parseBody(
      PollRequestSchema,
      body,
      AgentErrors.invalidRequest,
    );
    const { agent } = await this.protocol.agentFor(SessionToken);
    // A client that hangs up ends its long poll.
    const closed = new AbortController();
    request.on('close', () => closed.abort());
    return {
      Result: OK,
      Status: agentStatusName(agent.status),
      SessionValid: true,
      HeartbeatInterval: HEARTBEAT_MINUTES,
      Jobs: await this.protocol.jobsFor(agent, WaitSeconds, closed.signal),
    };
  }

  @Post('Session/Heartbeat')
  @HttpCode(200)
  async heartbeat(@Body() body: unknown): Promise<Omit<PollResponse, 'Jobs'>> {
    const { SessionToken } = parseBody(SessionRequestSchema, body, AgentErrors.invalidRequest);
    const { agent } = await this.protocol.agentFor(SessionToken);
    await this.agents.touch(agent.id);
    return {
      Result: OK,
      Status: agentStatusName(agent.status),
      SessionValid: true,
      HeartbeatInterval: HEARTBEAT_MINUTES,
    };
  }

  @Post('Management/Configuration')
  @HttpCode(200)
  async managementConfiguration(@Body() body: unknown): Promise<ManagementJobConfiguration> {
    const { SessionToken, JobId } = parseBody(JobRequestSchema, body, AgentErrors.invalidRequest);
    const { agent } = await this.protocol.agentFor(SessionToken);
    return this.protocol.managementConfiguration(agent, JobId.toLowerCase());
  }

  @Post('Inventory/Configuration')
  @HttpCode(200)
  async inventoryConfiguration(@Body() body: unknown): Promise<InventoryJobConfiguration> {
    const { SessionToken, JobId } = parseBody(JobRequestSchema, body, AgentErrors.invalidRequest);
    const { agent } = await this.protocol.agentFor(SessionToken);
    return this.protocol.inventoryConfiguration(agent, JobId.toLowerCase());
  }

  @Post(['Management/Complete', 'Inventory/Complete'])
  @HttpCode(200)
  async complete(
    @Body() body: unknown,
    @CurrentActor() actor: Actor,
  ): Promise<CompleteJobResponse> {
    const request = parseBody(CompleteJobRequestSchema, body, AgentErrors.invalidRequest);
    const { agent } = await this.protocol.agentFor(request.SessionToken);
    await this.protocol.complete(agent, { ...request, JobId: request.JobId.toLowerCase() }, actor);
    return { Result: OK };
  }
}

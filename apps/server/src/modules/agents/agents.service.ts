import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { In, IsNull, Repository } from 'typeorm';
import { type AgentStatusName } from '@certlab/contracts';
import { Clock } from '../../common/clock';
import { UnitOfWork } from '../../database/unit-of-work';
import { AuditService } from '../audit/audit.service';
import { type Actor } from '../auth/permissions';
import { CertificateStoreEntity } from '../stores/certificate-store.entity';
import { LiveEvents } from '../live-events/live-events.service';
import { AgentEntity, AgentStatus } from './agent.entity';
import { AgentErrors } from './agents.errors';

const STATUS_NAMES: Record<AgentStatus, AgentStatusName> = {
  [AgentStatus.New]: 'New',
  [AgentStatus.Approved]: 'Approved',
  [AgentStatus.Disapproved]: 'Disapproved',
};

export function agentStatusName(status: AgentStatus): AgentStatusName {
  return STATUS_NAMES[status];
}

/** Orchestrator records: registration (New until approved), approval, last seen. */
@Injectable()
export class AgentsService {
  constructor(
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    private readonly unitOfWork: UnitOfWork,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly events: LiveEvents,
  ) {}

  /**
   * One agent record per ClientMachine. A machine seen for the first time is New; a known one
   * keeps its status (the lab may have pre-approved it), whatever id the agent remembers.
   */
  async register(
    input: { clientMachine: string; capabilities: string[]; version: string },
    actor: Actor,
  ): Promise<AgentEntity> {
    return this.unitOfWork.run(async (manager) => {
      const repository = manager.getRepository(AgentEntity);
      const now = this.clock.now();
      const existing = await repository.findOneBy({ clientMachine: input.clientMachine });
      if (existing) {
        await repository.update(
          { id: existing.id },
          { capabilities: input.capabilities, version: input.version, lastSeen: now },
        );
        return {
          ...existing,
          capabilities: input.capabilities,
          version: input.version,
          lastSeen: now,
        };
      }
      const agent = repository.create({
        id: randomUUID(),
        clientMachine: input.clientMachine,
        status: AgentStatus.New,
        version: input.version,
        capabilities: input.capabilities,
        lastSeen: now,
        createdAt: this.clock.now(),
      });
      await repository.insert(agent);
      // Stores of this machine created before the agent existed are now served by it.
      await manager
        .getRepository(CertificateStoreEntity)
        .update({ clientMachine: input.clientMachine, agentId: IsNull() }, { agentId: agent.id });
      await this.audit.record(manager, {
        actor: actor.username,
        action: 'agent.registered',
        subjectType: 'agent',
        subjectId: agent.id,
        details: { clientMachine: input.clientMachine },
      });
      this.events.publishOnCommit(manager, { type: 'agents', ids: [agent.id] });
      return agent;
    });
  }

  async get(id: string): Promise<AgentEntity> {
    const agent = await this.agents.findOneBy({ id });
    if (!agent) throw AgentErrors.notFound(`Agent ${id} was not found.`);
    return agent;
  }

  async touch(id: string): Promise<void> {
    await this.agents.update({ id }, { lastSeen: this.clock.now() });
  }

  list(): Promise<AgentEntity[]> {
    return this.agents.find({ order: { clientMachine: 'ASC' } });
  }

  /** Approve or disapprove agents by id; unknown ids are a 404 and nothing changes. */
  async setStatus(ids: string[], status: AgentStatus, actor: Actor): Promise<void> {
    await this.unitOfWork.run(async (manager) => {
      const repository = manager.getRepository(AgentEntity);
      const wanted = [...new Set(ids.map((id) => id.toLowerCase()))];
      const found = wanted.length === 0 ? [] : await repository.findBy({ id: In(wanted) });
      const missing = wanted.filter((id) => !found.some((agent) => agent.id === id));
      if (missing.length > 0) throw AgentErrors.notFound(`No agent with id ${missing.join(', ')}.`);
      await repository.update({ id: In(wanted) }, { status });
      for (const agent of found) {
        await this.audit.record(manager, {
          actor: actor.username,
          action: status === AgentStatus.Approved ? 'agent.approved' : 'agent.disapproved',
          subjectType: 'agent',
          subjectId: agent.id,
          details: { clientMachine: agent.clientMachine },
        });
      }
      this.events.publishOnCommit(manager, { type: 'agents', ids: wanted });
    });
  }
}

import { AGENT_ONLINE_WITHIN_SECONDS, type AgentView } from '@certlab/contracts';
import { type AgentEntity } from './agent.entity';
import { agentStatusName } from './agents.service';

/** An agent as the console shows it; online means seen within the window of the lab clock's now. */
export function toAgentView(agent: AgentEntity, now: Date): AgentView {
  return {
    id: agent.id,
    clientMachine: agent.clientMachine,
    status: agentStatusName(agent.status),
    version: agent.version,
    capabilities: agent.capabilities,
    lastSeen: agent.lastSeen?.toISOString() ?? null,
    online:
      agent.lastSeen !== null &&
      Math.abs(now.getTime() - agent.lastSeen.getTime()) <= AGENT_ONLINE_WITHIN_SECONDS * 1000,
    createdAt: agent.createdAt.toISOString(),
  };
}

import { type AgentView } from '@certlab/contracts';
import { Badge } from '../../design/Badge';
import { formatRelative } from '../../lib/format';

/** Approved or not, online or offline, and when it was last seen (on the lab clock). */
export function AgentStatus({ agent, now }: { agent: AgentView | null; now: Date }) {
  if (!agent) return <Badge tone="outline">no agent registered</Badge>;
  const approval =
    agent.status === 'Approved' ? (
      <Badge tone="success">approved</Badge>
    ) : agent.status === 'New' ? (
      <Badge tone="warning">waiting for approval</Badge>
    ) : (
      <Badge tone="danger">{agent.status.toLowerCase()}</Badge>
    );
  return (
    <span className="row" style={{ gap: 6 }}>
      {approval}
      <Badge tone={agent.online ? 'success' : 'neutral'} dot>
        {agent.online ? 'online' : 'offline'}
      </Badge>
      <span className="subtle nowrap">
        {agent.lastSeen ? `seen ${formatRelative(agent.lastSeen, now)}` : 'never seen'}
      </span>
    </span>
  );
}

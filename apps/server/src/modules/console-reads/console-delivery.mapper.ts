import {
  type AgentView,
  type MachineView,
  type StoreDetail,
  type StoreInventoryEntry,
  type StoreView,
  certificateState,
} from '@certlab/contracts';
import { type AgentEntity } from '../agents/agent.entity';
import { toAgentView } from '../agents/console-agent.mapper';
import { type CertificateEntity } from '../certificates/certificate.entity';
import { type CertificateStoreEntity } from '../stores/certificate-store.entity';
import { storeDisplayName } from '../stores/stores.service';

/** A store that holds CA certificates only (the vendor's IsTrustStore custom property). */
export function isTrustStore(store: Pick<CertificateStoreEntity, 'properties'>): boolean {
  return store.properties.IsTrustStore?.toLowerCase() === 'true';
}

export function toStoreView(store: CertificateStoreEntity, certificateCount: number): StoreView {
  return {
    id: store.id,
    clientMachine: store.clientMachine,
    storePath: store.storePath,
    displayName: storeDisplayName(store),
    storeType: store.storeType,
    properties: store.properties,
    isTrustStore: isTrustStore(store),
    approved: store.approved,
    agentId: store.agentId,
    certificateCount,
  };
}

/** Every ClientMachine that has stores or an agent, by name, with both. */
export function toMachineViews(
  stores: readonly CertificateStoreEntity[],
  agents: readonly AgentEntity[],
  counts: Map<string, number>,
  now: Date,
): MachineView[] {
  const machines = new Map<string, MachineView>();
  const machine = (name: string): MachineView => {
    let view = machines.get(name);
    if (!view) {
      view = { clientMachine: name, agent: null, stores: [] };
      machines.set(name, view);
    }
    return view;
  };
  for (const agent of agents) machine(agent.clientMachine).agent = toAgentView(agent, now);
  for (const store of stores)
    machine(store.clientMachine).stores.push(toStoreView(store, counts.get(store.id) ?? 0));
  return [...machines.values()].sort((a, b) => a.clientMachine.localeCompare(b.clientMachine));
}

export function toStoreDetail(
  store: CertificateStoreEntity,
  agent: AgentView | null,
  inventory: readonly { alias: string; certificate: CertificateEntity }[],
  now: Date,
): StoreDetail {
  return {
    ...toStoreView(store, inventory.length),
    agent,
    inventory: inventory.map(({ alias, certificate }) => toInventoryEntry(alias, certificate, now)),
  };
}

function toInventoryEntry(
  alias: string,
  certificate: CertificateEntity,
  now: Date,
): StoreInventoryEntry {
  return {
    alias,
    certificateId: certificate.id,
    commonName: certificate.commonName,
    subject: certificate.subject,
    thumbprint: certificate.thumbprint,
    keyAlgorithm: certificate.keyAlgorithm,
    notAfter: certificate.notAfter.toISOString(),
    state: certificateState(certificate, now),
    issuer: certificate.issuerDn,
    hasPrivateKey: certificate.encryptedPrivateKey !== null,
  };
}

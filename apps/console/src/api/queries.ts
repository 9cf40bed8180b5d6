import { useQuery } from '@tanstack/react-query';
import { noteClock } from '../app/lab-time';
import {
  getAuthorities,
  getClock,
  getDashboard,
  getMachines,
  getMetadataFields,
  getTemplates,
} from './endpoints';
import { queryKeys } from './keys';

/* Queries several pages share. Reference data changes rarely; live events refresh the rest. */

const REFERENCE_STALE_MS = 5 * 60_000;

export const useAuthorities = () =>
  useQuery({
    queryKey: queryKeys.authorities,
    queryFn: getAuthorities,
    staleTime: REFERENCE_STALE_MS,
  });

export const useTemplates = () =>
  useQuery({ queryKey: queryKeys.templates, queryFn: getTemplates, staleTime: REFERENCE_STALE_MS });

export const useMetadataFields = () =>
  useQuery({
    queryKey: queryKeys.metadataFields,
    queryFn: getMetadataFields,
    staleTime: REFERENCE_STALE_MS,
  });

export const useClock = () =>
  useQuery({
    queryKey: queryKeys.clock,
    queryFn: async () => {
      const clock = await getClock();
      noteClock(clock);
      return clock;
    },
  });

export const useDashboard = () =>
  useQuery({ queryKey: queryKeys.dashboard, queryFn: getDashboard });

/**
 * An agent's polls are no live event, so "seen … ago" and "online" would age on an idle screen
 * while the agent works: the machines are read again every half minute as well.
 */
export const AGENT_REFRESH_MS = 30_000;

export const useMachines = () =>
  useQuery({
    queryKey: queryKeys.machines,
    queryFn: getMachines,
    refetchInterval: AGENT_REFRESH_MS,
  });

import { LIVE_EVENT_TYPES, LIVE_EVENTS_PATH, type LiveEvent } from '@certlab/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { createContext, type ReactNode, useContext, useEffect, useState } from 'react';
import { api } from '../api/client';
import { queryKeys } from '../api/keys';
import { noteClock } from '../app/lab-time';
import { InvalidationCoalescer } from './coalescer';
import { staleKeysFor } from './invalidation-map';

/*
 * One EventSource for the whole app. Each event becomes the query keys it makes stale, gathered
 * by the coalescer and invalidated together (TanStack refetches only what is on screen). When the
 * stream drops, EventSource reconnects by itself; when it gives up (the server answered an error),
 * the console retries with a growing pause. After any gap everything on screen is refetched,
 * since events may have been missed. The indicator shows only after a few seconds of silence.
 */

export type LiveStatus = 'connecting' | 'live' | 'paused';

const LiveStatusContext = createContext<LiveStatus>('connecting');

export function useLiveStatus(): LiveStatus {
  return useContext(LiveStatusContext);
}

/** How long the stream may be down before the console says so (reconnects are usually quick). */
const PAUSED_AFTER_MS = 3000;
const MAX_RETRY_MS = 30_000;

function parseEvent(type: string, data: unknown): LiveEvent | null {
  if (typeof data !== 'string') return null;
  try {
    const parsed = JSON.parse(data) as Record<string, unknown>;
    return { ...parsed, type } as LiveEvent;
  } catch {
    return null;
  }
}

export function LiveUpdatesProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [status, setStatus] = useState<LiveStatus>('connecting');

  useEffect(() => {
    if (typeof EventSource === 'undefined') {
      setStatus('paused');
      return;
    }
    const coalescer = new InvalidationCoalescer((keys) => {
      for (const queryKey of keys) void queryClient.invalidateQueries({ queryKey });
    });
    let source: EventSource | null = null;
    let retryTimer: ReturnType<typeof setTimeout> | null = null;
    let pausedTimer: ReturnType<typeof setTimeout> | null = null;
    let retryMs = 1000;
    let hadGap = false;
    let closed = false;

    const markDown = () => {
      hadGap = true;
      pausedTimer ??= setTimeout(() => setStatus('paused'), PAUSED_AFTER_MS);
    };

    const handle = (message: MessageEvent) => {
      const event = parseEvent(message.type, message.data);
      if (!event) return;
      if (event.type === 'clock') {
        queryClient.setQueryData(queryKeys.clock, event.clock);
        noteClock(event.clock);
      }
      coalescer.add(staleKeysFor(event));
    };

    const connect = () => {
      if (closed) return;
      source = new EventSource(LIVE_EVENTS_PATH);
      source.onopen = () => {
        retryMs = 1000;
        if (pausedTimer) clearTimeout(pausedTimer);
        pausedTimer = null;
        setStatus('live');
        if (hadGap) {
          hadGap = false;
          // Whatever happened while the stream was down is not known: refetch what is shown.
          void queryClient.invalidateQueries({
            predicate: (query) => query.queryKey[0] !== queryKeys.session[0],
          });
        }
      };
      source.onerror = () => {
        markDown();
        if (source?.readyState === EventSource.CLOSED) {
          source.close();
          source = null;
          // The browser gave up: the server refused the stream. If the session ended, this call
          // answers 401 and the console returns to sign-in; otherwise the stream is retried.
          api.get('/api/session').catch(() => undefined);
          retryTimer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        }
      };
      for (const type of LIVE_EVENT_TYPES) source.addEventListener(type, handle);
    };

    connect();
    return () => {
      closed = true;
      source?.close();
      coalescer.dispose();
      if (retryTimer) clearTimeout(retryTimer);
      if (pausedTimer) clearTimeout(pausedTimer);
    };
  }, [queryClient]);

  return <LiveStatusContext.Provider value={status}>{children}</LiveStatusContext.Provider>;
}

import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { RouterProvider } from 'react-router';
import { ApiError, onServerTime } from '../api/client';
import { queryKeys } from '../api/keys';
import { ToastProvider } from '../design/Toast';
import { type LabClockView } from '@certlab/contracts';
import { AuthProvider } from './auth';
import { noteServerTime } from './lab-time';
import { router } from './router';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Live events say when something changed; until then a read stays good.
        staleTime: 30_000,
        // A 4xx will answer the same again; a dropped connection may not.
        retry: (failures, error) =>
          failures < 2 &&
          (!(error instanceof ApiError) || error.status === 0 || error.status >= 500),
      },
      mutations: { retry: false },
    },
  });
}

export function App() {
  const [queryClient] = useState(createQueryClient);

  // Every response says the server's now; a virtual flag that disagrees with the cached clock
  // means the clock moved while the event stream was not listening.
  useEffect(() => {
    onServerTime((serverNow, virtual) => {
      noteServerTime(serverNow);
      const clock = queryClient.getQueryData<LabClockView>(queryKeys.clock);
      if (clock && clock.virtual !== virtual)
        void queryClient.invalidateQueries({ queryKey: queryKeys.clock });
    });
    return () => onServerTime(null);
  }, [queryClient]);

  return (
    <QueryClientProvider client={queryClient}>
      <ToastProvider>
        <AuthProvider>
          <RouterProvider router={router} />
        </AuthProvider>
      </ToastProvider>
    </QueryClientProvider>
  );
}

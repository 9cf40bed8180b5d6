import { CircleAlert, CircleCheck, Info, X } from 'lucide-react';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useMemo,
  useRef,
  useState,
} from 'react';
import { IconButton } from './Button';

export type ToastTone = 'info' | 'success' | 'danger';

interface ToastItem {
  id: number;
  tone: ToastTone;
  title: string;
  message?: string;
}

type Notify = (tone: ToastTone, title: string, message?: string) => void;

const ToastContext = createContext<Notify>(() => undefined);

/** Short-lived results of actions ("Request 12 approved"), announced politely. */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<ToastItem[]>([]);
  const nextId = useRef(1);
  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);
  const notify = useCallback<Notify>(
    (tone, title, message) => {
      const id = nextId.current++;
      setToasts((current) => [...current.slice(-3), { id, tone, title, message }]);
      // Failures stay until dismissed: they must be read.
      if (tone !== 'danger') setTimeout(() => dismiss(id), 6000);
    },
    [dismiss],
  );
  const value = useMemo(() => notify, [notify]);
  return (
    <ToastContext.Provider value={value}>
      {children}
      <div className="toast-region" role="region" aria-label="Notifications">
        <div aria-live="polite" className="stack-sm">
          {toasts.map((toast) => (
            <div key={toast.id} className={`toast toast-${toast.tone}`}>
              {toast.tone === 'success' ? (
                <CircleCheck size={18} aria-hidden="true" />
              ) : toast.tone === 'danger' ? (
                <CircleAlert size={18} aria-hidden="true" />
              ) : (
                <Info size={18} aria-hidden="true" />
              )}
              <div className="toast-body">
                <strong>{toast.title}</strong>
                {toast.message && <div className="muted">{toast.message}</div>}
              </div>
              <IconButton
                size="sm"
                label="Dismiss"
                icon={<X size={14} />}
                onClick={() => dismiss(toast.id)}
              />
            </div>
          ))}
        </div>
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): Notify {
  return useContext(ToastContext);
}

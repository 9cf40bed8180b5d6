import { formatCount } from '../lib/format';

/**
 * A determinate progress bar with a visible label and count. The label is its accessible name,
 * and `aria-valuenow` is the count (of `max`), so "Leaves retired: 37 of 120" reads as is.
 */
export function ProgressBar({
  label,
  value,
  max,
  tone = 'accent',
  detail,
}: {
  label: string;
  value: number;
  max: number;
  tone?: 'accent' | 'success' | 'warning' | 'danger';
  detail?: string;
}) {
  const safeMax = Math.max(0, max);
  const clamped = Math.min(Math.max(0, value), safeMax);
  const percent = safeMax === 0 ? 100 : Math.round((clamped / safeMax) * 100);
  const text = `${formatCount(clamped)} of ${formatCount(safeMax)} (${percent} %)`;
  return (
    <div className={`progress${tone === 'accent' ? '' : ` progress-${tone}`}`}>
      <div className="progress-label">
        <span>{label}</span>
        <span className="muted nowrap">{detail ?? text}</span>
      </div>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={safeMax}
        aria-valuenow={clamped}
        aria-valuetext={text}
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
    </div>
  );
}

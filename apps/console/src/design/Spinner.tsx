import { type CSSProperties } from 'react';

/** Decorative by default; give it a label when it is the only sign of progress. */
export function Spinner({ size = 16, label }: { size?: number; label?: string }) {
  const style: CSSProperties = { width: size, height: size };
  if (label) {
    return (
      <span role="status" className="row">
        <span className="spinner" style={style} aria-hidden="true" />
        <span>{label}</span>
      </span>
    );
  }
  return <span className="spinner" style={style} aria-hidden="true" />;
}

export function Skeleton({
  width = '100%',
  height = 14,
  style,
}: {
  width?: number | string;
  height?: number | string;
  style?: CSSProperties;
}) {
  return <span className="skeleton" style={{ width, height, ...style }} aria-hidden="true" />;
}

/** Placeholder lines while a block loads; announced once as "Loading…". */
export function SkeletonBlock({
  lines = 4,
  label = 'Loading…',
}: {
  lines?: number;
  label?: string;
}) {
  return (
    <div className="stack-sm" role="status" aria-label={label}>
      {Array.from({ length: lines }, (_, index) => (
        <Skeleton key={index} width={`${90 - ((index * 17) % 40)}%`} height={16} />
      ))}
    </div>
  );
}

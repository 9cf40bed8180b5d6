import { Fragment, type ReactNode } from 'react';

export interface KeyValueItem {
  label: string;
  value: ReactNode;
}

/** A definition list: labels on the left, values on the right (stacked on narrow screens). */
export function KeyValue({ items, label }: { items: readonly KeyValueItem[]; label?: string }) {
  return (
    <dl className="kv" aria-label={label}>
      {items.map((item) => (
        <Fragment key={item.label}>
          <dt>{item.label}</dt>
          <dd>{item.value}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

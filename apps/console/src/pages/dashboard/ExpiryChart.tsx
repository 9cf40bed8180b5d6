import { type DashboardView } from '@certlab/contracts';
import {
  Bar,
  BarChart,
  CartesianGrid,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { bucketExpiries } from '../../lib/expiry-buckets';
import { countOf, formatCount } from '../../lib/format';

/*
 * The expiry chart, in its own chunk with recharts (the dashboard loads it lazily). Bars are
 * certificates by the week or month of their NotAfter; the "now" line is the lab clock's.
 */
export function ExpiryChart({
  expiryByDay,
  now,
}: {
  expiryByDay: DashboardView['expiryByDay'];
  now: Date;
}) {
  const { granularity, buckets } = bucketExpiries(expiryByDay, now);
  const nowBucket = buckets.find((bucket) => bucket.containsNow);
  const total = buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const expired = buckets.reduce((sum, bucket) => sum + bucket.expired, 0);
  const busiest = buckets.reduce(
    (best, bucket) => (bucket.count > (best?.count ?? -1) ? bucket : best),
    buckets[0],
  );
  const summary = `${countOf(total, 'certificate')} that are not revoked, by ${granularity} of expiry, ${formatCount(expired)} of them expired; the most (${busiest?.count ?? 0}) in ${busiest?.label ?? '—'}.`;
  return (
    <figure style={{ margin: 0 }}>
      <div className="chart-box" role="img" aria-label={`Expiry chart: ${summary}`}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={buckets} margin={{ top: 16, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="var(--color-border)" vertical={false} />
            <XAxis
              dataKey="label"
              tick={{ fill: 'var(--color-text-muted)', fontSize: 11 }}
              tickLine={false}
              axisLine={{ stroke: 'var(--color-border-strong)' }}
              interval="preserveStartEnd"
              minTickGap={12}
            />
            <YAxis
              allowDecimals={false}
              tick={{ fill: 'var(--color-text-muted)', fontSize: 11 }}
              tickLine={false}
              axisLine={false}
            />
            <Tooltip
              cursor={{ fill: 'var(--color-surface-hover)' }}
              contentStyle={{
                background: 'var(--color-surface)',
                border: '1px solid var(--color-border)',
                borderRadius: 6,
                color: 'var(--color-text)',
              }}
              labelFormatter={(label) =>
                `${granularity === 'week' ? 'Week of ' : ''}${typeof label === 'string' ? label : ''}`
              }
              formatter={(value, name) => [countOf(Number(value), 'certificate'), name]}
            />
            {/* Stacked: the bucket that holds now shows what expired in it and what is to come. */}
            <Bar
              dataKey="expired"
              name="expired"
              stackId="expiry"
              fill="var(--color-chart-bar-past)"
              isAnimationActive={false}
            />
            <Bar
              dataKey="upcoming"
              name="to expire"
              stackId="expiry"
              fill="var(--color-chart-bar)"
              radius={[3, 3, 0, 0]}
              isAnimationActive={false}
            />
            {nowBucket && (
              <ReferenceLine
                x={nowBucket.label}
                stroke="var(--color-chart-now)"
                strokeWidth={2}
                strokeDasharray="4 3"
                label={{
                  value: 'now',
                  position: 'top',
                  fill: 'var(--color-chart-now)',
                  fontSize: 11,
                }}
              />
            )}
          </BarChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="subtle">
        {summary} Red: expired before the lab clock’s “now”.
      </figcaption>
    </figure>
  );
}

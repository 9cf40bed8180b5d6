import { type JobView } from '@certlab/contracts';
import { formatRelative } from './format';

/*
 * When a job list says a job happened: when it finished, else when an agent claimed it, else
 * when it was queued. A job scheduled for later (an inventory "at a time") is not "just now":
 * it is due then.
 */

export interface JobWhen {
  /** The instant shown (ISO). */
  at: string;
  /** `3 minutes ago`, `due in 59 minutes`. */
  words: string;
}

export function jobWhen(
  job: Pick<JobView, 'status' | 'createdAt' | 'scheduledFor' | 'claimedAt' | 'completedAt'>,
  now: Date,
): JobWhen {
  const done = job.completedAt ?? job.claimedAt;
  if (done) return { at: done, words: formatRelative(done, now) };
  if (job.status === 'Pending' && Date.parse(job.scheduledFor) > now.getTime())
    return { at: job.scheduledFor, words: `due ${formatRelative(job.scheduledFor, now)}` };
  return { at: job.createdAt, words: formatRelative(job.createdAt, now) };
}

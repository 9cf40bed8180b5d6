import { InitialSchema1764460800000 } from './1764460800000-initial-schema';
import { LabClock1764547200001 } from './1764547200001-lab-clock';
import { Revocation1764547200002 } from './1764547200002-revocation';
import { Alerts1764547200003 } from './1764547200003-alerts';
import { Campaigns1764547200004 } from './1764547200004-campaigns';
import { JobQueueIndex1764547200005 } from './1764547200005-job-queue-index';
import { ConsoleSessions1764547200006 } from './1764547200006-console-sessions';

/** Every migration, in order. Appended to, never edited once released. */
export const MIGRATIONS = [
  InitialSchema1764460800000,
  LabClock1764547200001,
  Revocation1764547200002,
  Alerts1764547200003,
  Campaigns1764547200004,
  JobQueueIndex1764547200005,
  ConsoleSessions1764547200006,
];

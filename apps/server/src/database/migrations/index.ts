import { InitialSchema1764460800000 } from './1764460800000-initial-schema';
import { LabClock1764547200001 } from './1764547200001-lab-clock';

/** Every migration, in order. Appended to, never edited once released. */
export const MIGRATIONS = [InitialSchema1764460800000, LabClock1764547200001];

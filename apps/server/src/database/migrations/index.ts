import { InitialSchema1764460800000 } from './1764460800000-initial-schema';

/** Every migration, in order. Appended to, never edited once released. */
export const MIGRATIONS = [InitialSchema1764460800000];

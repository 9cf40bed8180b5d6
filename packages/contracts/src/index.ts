export * from './key-algorithms';
export * from './dispositions';
export * from './version';
export * from './case-insensitive';
export * from './cms-api';
export * from './agent-api';
export * from './lab-clock';
export * from './renewal-history';

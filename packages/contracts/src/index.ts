export * from './key-algorithms';
export * from './dispositions';
export * from './version';

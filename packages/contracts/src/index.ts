export * from './key-algorithms';
export * from './dispositions';

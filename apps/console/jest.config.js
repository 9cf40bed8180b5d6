// Unit tests of the console's own logic (query building, form models, metadata inputs) and of
// components in jsdom. The browser tests against a real server live in e2e/.
const preset = require('../../jest.preset.js');

/** @type {import('jest').Config} */
module.exports = {
  ...preset,
  testEnvironment: 'jsdom',
  testMatch: ['<rootDir>/src/**/*.spec.{ts,tsx}'],
  transform: {
    '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }],
  },
  moduleFileExtensions: ['tsx', 'ts', 'js', 'json'],
  moduleNameMapper: { '\\.css$': '<rootDir>/test/style-stub.js' },
  setupFiles: ['<rootDir>/test/jest-setup.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: '<rootDir>/test/helpers/onnx-jest-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false, ignoreCodes: [151002] } }] },
  testTimeout: 120000,
  // ONNX sessions and Postgres pools are heavy: two workers match the two cores CI has.
  maxWorkers: 2,
};

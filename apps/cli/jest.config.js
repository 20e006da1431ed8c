module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'cli',
  rootDir: __dirname,
  // Each test runs the CLI as a child process (about 2 s to start through SWC).
  testTimeout: 120_000,
};

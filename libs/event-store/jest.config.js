const preset = require('../../jest.preset.js');

module.exports = {
  ...preset,
  displayName: 'event-store',
  rootDir: __dirname,
  // PGlite's CommonJS build loads Node built-ins with `import()`, which Jest's CommonJS sandbox
  // refuses without --experimental-vm-modules; SWC rewrites those imports to `require`.
  transform: {
    ...preset.transform,
    '^.+/node_modules/@electric-sql/pglite/.+\\.c?js$': [
      '@swc/jest',
      { jsc: { target: 'es2022' }, module: { type: 'commonjs', ignoreDynamic: false } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!@electric-sql/pglite/)'],
};

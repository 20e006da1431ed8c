module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'contracts-tools',
  rootDir: __dirname,
};

module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'disputes-service',
  rootDir: __dirname,
};

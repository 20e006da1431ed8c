module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'collections-service',
  rootDir: __dirname,
};

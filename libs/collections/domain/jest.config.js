module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'collections-domain',
  rootDir: __dirname,
};

module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'disputes-domain',
  rootDir: __dirname,
};

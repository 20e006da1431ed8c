module.exports = {
  ...require('../../../jest.preset.js'),
  displayName: 'invoicing-domain',
  rootDir: __dirname,
};

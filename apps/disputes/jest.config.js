module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'disputes',
  rootDir: __dirname,
};

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'csv',
  rootDir: __dirname,
};

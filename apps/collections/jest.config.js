module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'collections',
  rootDir: __dirname,
};

// One Jest run over every project, so `npm test` prints a single summary line.
const fs = require('fs');
const path = require('path');

function findProjectConfigs(dir, depth) {
  if (depth < 0 || !fs.existsSync(dir)) return [];
  const here = path.join(dir, 'jest.config.js');
  if (depth < 3 && fs.existsSync(here)) return [here];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules')
    .flatMap((e) => findProjectConfigs(path.join(dir, e.name), depth - 1));
}

module.exports = {
  testSequencer: path.join(__dirname, 'jest.sequencer.js'),
  projects: ['apps', 'libs', 'tools'].flatMap((d) =>
    findProjectConfigs(path.join(__dirname, d), 2),
  ),
};

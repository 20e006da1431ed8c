// Longest suites first, so that no long suite starts near the end and runs alone while the other
// worker idles. Jest's own order puts every suite it has no timing for *before* every suite it
// has one for (and orders the former by file size), so a machine whose cache knows only the
// suites someone ran alone (the slow ones, typically) started those last. Here each suite's
// expected duration is its last time in Jest's cache, else the figure below (seconds, measured
// on the 2-core CI machine), else one second per kilobyte of its file.
const path = require('path');
const Sequencer = require('@jest/test-sequencer').default;

const knownSeconds = {
  'apps/cli/test/cli-tamper.spec.ts': 216,
  'apps/server/test/bench-e2e-smoke.spec.ts': 170,
  'apps/server/test/faults/stack-faults.spec.ts': 121,
  'apps/cli/test/cli-postgres.spec.ts': 95,
  'apps/server/test/ledger-across-services.property.spec.ts': 94,
  'apps/cli/test/cli-usage.spec.ts': 74,
};

class LongestFirstSequencer extends Sequencer {
  sort(tests) {
    const expectedMs = (test) => {
      const cached = this.time(test);
      if (cached != null) return cached;
      const known = knownSeconds[path.relative(__dirname, test.path).split(path.sep).join('/')];
      if (known != null) return known * 1000;
      return test.context.hasteFS.getSize(test.path) ?? 0;
    };
    for (const test of tests) test.duration = expectedMs(test);
    return [...tests].sort((a, b) => {
      const failedA = this.hasFailed(a);
      if (failedA !== this.hasFailed(b)) return failedA ? -1 : 1;
      return b.duration - a.duration;
    });
  }
}

module.exports = LongestFirstSequencer;

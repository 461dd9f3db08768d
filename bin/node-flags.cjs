// The V8 flags bin/miros's first line starts Node with (after `node` in its `env -S` line). The
// code cache is accepted only under the flags it was made with, so whoever makes the cache
// (scripts/build.mjs) or starts `node bin/miros` itself (tests that need an exact environment)
// passes these, read from the one place they are written.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

/** The arguments after `node` on bin/miros's first line, e.g. ['--min-semi-space-size=8']. */
function mirosNodeFlags() {
  const firstLine = readFileSync(join(__dirname, 'miros'), 'latin1').split('\n', 1)[0];
  const words = firstLine.split(/\s+/);
  const node = words.indexOf('node');
  if (node < 0) throw new Error(`bin/miros: no \`node\` on the first line: ${firstLine}`);
  return words.slice(node + 1);
}

module.exports = { mirosNodeFlags };

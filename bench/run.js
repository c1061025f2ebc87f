#!/usr/bin/env node
'use strict';
// `npm run bench [name…]`: runs bench/<name>.bench.ts one after another (all when none named).
const { readdirSync } = require('node:fs');
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');

const wanted = process.argv.slice(2);
const suites = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.bench\.ts$/, '')));
let failed = 0;
for (const suite of suites) {
  process.stdout.write(`\n=== ${suite} ===\n`);
  const run = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(__dirname, suite)], { stdio: 'inherit' });
  if (run.status !== 0) failed += 1;
}
process.exit(failed === 0 ? 0 : 1);

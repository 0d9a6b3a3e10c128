#!/usr/bin/env node
// The CLI is bundled into dist/ by `npm run build` (which `npm install` runs through `prepare`).
const { runCli, stopChecksOnSignals } = require('../dist/cli.js');
stopChecksOnSignals();
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

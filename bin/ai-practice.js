#!/usr/bin/env node
// The CLI is bundled into dist/ by `npm run build` (which `npm install` runs through `prepare`).
const { runCli } = require('../dist/cli.js');
runCli(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});

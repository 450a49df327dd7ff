#!/usr/bin/env node
// The `faultlab` command: runs the CLI bundle that `npm install` builds (npm run build:node).
const path = require('node:path');
const fs = require('node:fs');
const bundle = path.join(__dirname, '..', '..', 'out', 'node', 'cli.cjs');
if (!fs.existsSync(bundle)) {
  process.stderr.write('faultlab: the command is not built yet; run "npm install" (or "npm run build:node") in the Fault Lab folder\n');
  process.exit(2);
}
require(bundle);

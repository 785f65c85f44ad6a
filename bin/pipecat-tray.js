#!/usr/bin/env node
// Kept to syntax any Node parses, so an old Node gets one sentence instead of a syntax error.
var parts = process.versions.node.split('.').map(Number);
if (parts[0] < 22 || (parts[0] === 22 && parts[1] < 13)) {
  process.stderr.write(
    'pipecat-tray needs Node.js 22.13 or later (the 22 or 24 LTS); this is Node.js ' +
      process.version +
      '.\n',
  );
  process.exit(1);
}
import('../dist/main/headless/cli.js');

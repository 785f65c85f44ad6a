#!/usr/bin/env node
// Plain syntax and only dynamic imports, so an old Node reaches the version check and gets one
// sentence instead of an error from a module it cannot load.
var parts = process.versions.node.split('.').map(Number);
if (parts[0] < 22 || (parts[0] === 22 && parts[1] < 13)) {
  process.stderr.write(
    'pipecat-tray needs Node.js 22.13 or later (the 22 or 24 LTS); this is Node.js ' +
      process.version +
      '.\n',
  );
  process.exit(1);
}
// A source checkout also builds the development entry (the shipped command plus --sandbox); the
// npm package and installed apps do not contain it.
var fs = await import('node:fs');
var devEntry = new URL('../dist/sandbox/entries/cli.js', import.meta.url);
await import(fs.existsSync(devEntry) ? devEntry.href : '../dist/main/headless/main.js');

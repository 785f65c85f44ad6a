#!/usr/bin/env node
import '../dist/main/headless/cli.js';

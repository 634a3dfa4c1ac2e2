#!/usr/bin/env node
'use strict';
require('../dist/server-module/standalone/cli/main.js')
  .main(process.argv.slice(2))
  .then((code) => process.exit(code ?? 0));

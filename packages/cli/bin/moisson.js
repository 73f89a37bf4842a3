#!/usr/bin/env node
// A stable entry that exists before the build, so `npm ci` can link `npx moisson`.
import '../dist/main.js';

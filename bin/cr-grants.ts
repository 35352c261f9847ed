#!/usr/bin/env node
/** The `cr-grants` command; everything it does is in lib/cli/main.ts. */
import { main } from '../lib/cli/main';

process.exitCode = main(process.argv.slice(2));

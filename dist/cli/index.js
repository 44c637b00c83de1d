#!/usr/bin/env node
import { cliMain } from '../lib/index.js'; process.exitCode = await cliMain(process.argv.slice(2))

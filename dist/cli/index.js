#!/usr/bin/env node
import { runCli } from '../lib/index.js'; await runCli()

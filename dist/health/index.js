import { runHealth } from '../lib/index.js'; await runHealth()

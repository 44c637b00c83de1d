import { runReport } from '../lib/index.js'; await runReport()

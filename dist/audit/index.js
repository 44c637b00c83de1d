import { runAudit } from '../lib/index.js'; await runAudit()

import { runComment } from '../lib/index.js'; await runComment()

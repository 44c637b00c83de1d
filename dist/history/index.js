import { runHistory } from '../lib/index.js'; await runHistory()

import { runHeal } from '../lib/index.js'; await runHeal()

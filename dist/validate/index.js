import { runValidate } from '../lib/index.js'; await runValidate()

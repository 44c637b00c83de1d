import { runPipeline } from '../lib/index.js'; await runPipeline()

import { postPipeline } from '../lib/index.js'; await postPipeline()

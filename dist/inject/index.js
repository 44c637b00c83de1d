import { runInject } from '../lib/index.js'; await runInject()

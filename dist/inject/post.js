import { postInject } from '../lib/index.js'; await postInject()

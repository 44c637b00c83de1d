import { postHistory } from '../lib/index.js'; await postHistory()

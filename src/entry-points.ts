/**
 * The shared bundle (dist/lib/index.js). Every action's entry (dist/<name>/index.js) is one line that
 * imports its run() from here, so the toolkit code is bundled once, not once per action.
 */
export { run as runAudit } from './actions/audit/run.js'
export { run as runComment } from './actions/comment/run.js'
export { run as runHeal } from './actions/heal/run.js'
export { run as runHealth } from './actions/health/run.js'
export { post as postHistory, run as runHistory } from './actions/history/run.js'
export { post as postInject, run as runInject } from './actions/inject/run.js'
export { post as postPipeline, run as runPipeline } from './actions/pipeline/run.js'
export { run as runReport } from './actions/report/run.js'
export { run as runValidate } from './actions/validate/run.js'
export { cliMain, runCli } from './cli/main.js'

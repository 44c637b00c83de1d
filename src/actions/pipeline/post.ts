/**
 * The post step as @github/local-action runs it: that tool calls the run() its --post entry
 * exports, so this re-exports the action's post() under that name (docs/local-action.md). The
 * bundle's dist/pipeline/post.js calls post() from the shared bundle, not this file.
 */
export { post as run } from './run.js'

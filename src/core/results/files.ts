/** Reading and writing results files on disk. Writes never overwrite: a taken name gets a suffix. */
import { link, lstat, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { UserError } from '../errors.js'
import { readUserFile } from '../user-file.js'
import { VERSION } from '../version.js'
import { parseResults, serializeResults } from './codec.js'
import { runBlockFrom, type RunEnv } from './run-block.js'
import { RESULTS_SCHEMA, type ResultsFile, type Stage } from './schema.js'

/** Turns a free-form id (job and step names) into a safe file-name part. */
export function safeId(id: string): string {
  const cleaned = id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|-+$/g, '')
  return cleaned.slice(0, 80) || 'run'
}

/**
 * Writes `results` as `<dir>/<stage>-<id>.json` and returns the path. If that name is taken (a second
 * step of the same stage), `-2`, `-3`, … are appended: nothing is ever overwritten.
 */
export async function writeResults(dir: string, id: string, results: ResultsFile): Promise<string> {
  await mkdir(dir, { recursive: true })
  const base = `${results.stage}-${safeId(id)}`
  // Written whole to a hidden temp file, then linked into place: a step killed mid-write never
  // leaves a half-written results file, and link(2), like O_EXCL, never replaces a taken name.
  const temp = path.join(dir, `.${base}.${process.pid}.partial`)
  await writeFile(temp, serializeResults(results))
  try {
    for (let n = 1; n <= 1000; n++) {
      const file = path.join(dir, `${base}${n === 1 ? '' : `-${n}`}.json`)
      try {
        await link(temp, file)
        return file
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
    }
  } finally {
    await rm(temp, { force: true })
  }
  throw new UserError(
    `more than 1000 ${base} results files in ${dir}.`,
    'Clean the results directory between runs.',
    { file: dir }
  )
}

/** Reads and validates one results file; the error names the file when it is missing or invalid. */
export async function readResults<P = unknown>(
  file: string,
  expected?: Stage
): Promise<ResultsFile<P>> {
  const text = await readUserFile(
    file,
    'results file',
    'Check the path, and that the step that writes it ran before this one.'
  )
  return parseResults<P>(file, text, expected)
}

/** What a stage writes: its payload, when it started and the environment its run block comes from. */
export interface StageResults<P> {
  dir: string
  id: string
  stage: Stage
  payload: P
  startedAt: Date
  env: RunEnv
}

/** Wraps a stage's payload in the envelope (finished now) and writes it; returns the path. */
export async function writeStageResults<P>(stage: StageResults<P>): Promise<string> {
  const run = runBlockFrom(stage.env, stage.startedAt, new Date())
  return writeResults(stage.dir, stage.id, {
    schema: RESULTS_SCHEMA,
    stage: stage.stage,
    tool_version: VERSION,
    run,
    payload: stage.payload
  })
}

/** Expands folders to the *.json files directly inside them, sorted. */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = []
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (info?.isDirectory())
      files.push(
        ...(await readdir(input))
          .filter(name => name.endsWith('.json'))
          .sort()
          .map(name => path.join(input, name))
      )
    else files.push(input)
  }
  return files
}

/**
 * Every results file in `input` (a file, or a folder of *.json), parsed and validated; a file that
 * is missing or not a results file is an error naming it, with `fix`.
 */
export async function readResultsIn(
  input: string,
  fix: string
): Promise<Array<{ file: string; results: ResultsFile }>> {
  const out: Array<{ file: string; results: ResultsFile }> = []
  for (const file of await expandInputs([input])) {
    await checkResultsFile(file)
    out.push({ file, results: parseResults(file, await readUserFile(file, 'results file', fix)) })
  }
  return out
}

/** The largest results file read: chaos-ci's own are kilobytes (inject's at most a few MiB). */
export const MAX_RESULTS_BYTES = 64 * 2 ** 20

/**
 * Results may come from elsewhere (a workflow_run artifact, another job): a file that is a link
 * (it could point anywhere on the runner) or too big to be ours is refused before it is read.
 */
export async function checkResultsFile(file: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined)
  if (!info) return // readUserFile says it is missing
  if (info.isSymbolicLink())
    throw new UserError(
      'is a symbolic link; results files are read only as regular files.',
      'Pass the folder the chaos-ci steps wrote, or the downloaded artifact, as it is.',
      { file }
    )
  if (info.size > MAX_RESULTS_BYTES)
    throw new UserError(
      `is ${(info.size / 2 ** 20).toFixed(0)} MiB, more than any chaos-ci results file (${MAX_RESULTS_BYTES / 2 ** 20} MiB at most).`,
      'Pass the results files the chaos-ci steps wrote.',
      { file }
    )
}

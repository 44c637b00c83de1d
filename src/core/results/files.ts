/** Reading and writing results files on disk. Writes never overwrite: a taken name gets a suffix. */
import { closeSync, constants, fstatSync, openSync, readFileSync, type Stats } from 'node:fs'
import { link, lstat, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { UserError } from '../errors.js'
import { unreadable } from '../user-file.js'
import { VERSION } from '../version.js'
import { parseResults, serializeResults } from './codec.js'
import { runBlockFrom, type RunEnv } from './run-block.js'
import { RESULTS_SCHEMA, type ResultsFile, type Stage } from './schema.js'
import type { StageStatus } from './status.js'

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
  const text = await readResultsText(
    file,
    'Check the path, and that the step that writes it ran before this one.'
  )
  return parseResults<P>(file, text, expected)
}

/**
 * What a stage writes: its status (set here, once, for every consumer to read), its payload, when it
 * started and the environment its run block comes from.
 */
export interface StageResults<P> {
  dir: string
  id: string
  stage: Stage
  status: StageStatus
  payload: P
  startedAt: Date
  env: RunEnv
}

/** A stage's payload in the envelope, finished now: what {@link writeStageResults} writes. */
export function stageResultsFile<P>(stage: Omit<StageResults<P>, 'dir' | 'id'>): ResultsFile<P> {
  return {
    schema: RESULTS_SCHEMA,
    stage: stage.stage,
    status: stage.status.status,
    status_reason: stage.status.status_reason,
    tool_version: VERSION,
    run: runBlockFrom(stage.env, stage.startedAt, new Date()),
    payload: stage.payload
  }
}

/** Wraps a stage's payload in the envelope (finished now) and writes it; returns the path. */
export async function writeStageResults<P>(stage: StageResults<P>): Promise<string> {
  return writeResults(stage.dir, stage.id, stageResultsFile(stage))
}

/** The *.json files in `dir`, sorted; with `recursive`, those of its subfolders too (not via links). */
async function jsonFilesIn(dir: string, recursive: boolean): Promise<string[]> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  )
  const files: string[] = []
  for (const entry of entries) {
    const full = path.join(dir, entry.name)
    // without recursion a folder named *.json is passed on, to be refused by name when read
    if (recursive && entry.isDirectory()) files.push(...(await jsonFilesIn(full, true)))
    else if (entry.name.endsWith('.json')) files.push(full)
  }
  return files
}

/**
 * Expands folders to the *.json files directly inside them (with `recursive`, in every subfolder
 * too), sorted; anything else is passed on as a file.
 */
export async function expandInputs(
  inputs: readonly string[],
  { recursive = false }: { recursive?: boolean } = {}
): Promise<string[]> {
  const files: string[] = []
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined)
    if (info?.isDirectory()) files.push(...(await jsonFilesIn(input, recursive)))
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
  for (const file of await expandInputs([input]))
    out.push({ file, results: parseResults(file, await readResultsText(file, fix)) })
  return out
}

/** The largest results file read: chaos-ci's own are kilobytes (inject's at most a few MiB). */
export const MAX_RESULTS_BYTES = 64 * 2 ** 20

/** What a file that is not a regular one is, in words. */
function kindOf(info: Stats): string | undefined {
  if (info.isFile()) return undefined
  if (info.isSymbolicLink()) return 'a symbolic link'
  if (info.isFIFO()) return 'a named pipe (FIFO)'
  if (info.isDirectory()) return 'a folder'
  if (info.isSocket()) return 'a socket'
  return 'a device'
}

/** Refuses, naming `file`, anything but a regular file of at most MAX_RESULTS_BYTES. */
function refuseUnlessRegular(file: string, info: Stats): void {
  const kind = kindOf(info)
  if (kind)
    throw new UserError(
      `is ${kind}; results files are read only as regular files.`,
      'Pass the folder the chaos-ci steps wrote, or the downloaded artifact, as it is; remove anything else from it.',
      { file }
    )
  if (info.size > MAX_RESULTS_BYTES)
    throw new UserError(
      `is ${(info.size / 2 ** 20).toFixed(0)} MiB, more than any chaos-ci results file (${MAX_RESULTS_BYTES / 2 ** 20} MiB at most).`,
      'Pass the results files the chaos-ci steps wrote.',
      { file }
    )
}

/**
 * Results may come from elsewhere (a workflow_run artifact, another job): a file that is a link
 * (it could point anywhere on the runner), not a regular file (a FIFO would block a read forever)
 * or too big to be ours is refused, named by what it is. readResultsText checks the opened file
 * itself and calls this only to name a link its O_NOFOLLOW open refused.
 */
export async function checkResultsFile(file: string): Promise<void> {
  const info = await lstat(file).catch(() => undefined)
  if (info) refuseUnlessRegular(file, info) // a missing file: the reader says so
}

/** Opens without following a link or waiting for a FIFO's writer, so neither can be swapped in. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK

/**
 * The text of a results file, read only when it is a regular file of at most MAX_RESULTS_BYTES:
 * opened without following a link or waiting for a FIFO's writer, then checked on the opened file
 * (fstat), so nothing can be swapped in between a check and the read. Every reader of results
 * files (record, validate, comment, the demo) reads through this.
 *
 * The reads are synchronous: results files are kilobytes, and four system calls on this thread
 * cost less than the thread pool's round trips (issue #22: they were a third of a 2,000-file
 * `record`, the main thread idle while it waited).
 */
export async function readResultsText(file: string, fix: string): Promise<string> {
  let fd: number | undefined
  try {
    fd = openSync(file, READ_FLAGS)
    refuseUnlessRegular(file, fstatSync(fd))
    return readFileSync(fd, 'utf8')
  } catch (error) {
    if (error instanceof UserError) throw error
    // a link: O_NOFOLLOW refused it; lstat names what it is
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') await checkResultsFile(file)
    throw unreadable(error, 'results file', fix, file)
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}

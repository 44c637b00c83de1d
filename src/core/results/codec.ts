/**
 * Pure parsing and validation of results files. A file is rejected, with its name in the message,
 * when it is not JSON, not a chaos-ci results file, written by a newer chaos-ci, of the wrong stage,
 * or with a status its stage may not have. A v1 file is read as v2 (./v1.ts).
 */
import { UserError } from '../errors.js'
import { lineColumnAt } from '../text/position.js'
import { RESULTS_SCHEMA, RESULTS_VERSION, type ResultsFile, type Stage, STAGES } from './schema.js'
import { RESULT_STATUSES, type ResultStatus, STAGE_STATUSES } from './status.js'
import { fromV1 } from './v1.js'

function jsonError(file: string, text: string, error: unknown): UserError {
  const message = error instanceof Error ? error.message : String(error)
  const position = /position (\d+)/.exec(message)
  const where = position
    ? lineColumnAt(text, Number(position[1]))
    : text.trim() === ''
      ? { line: 1, column: 1 }
      : {}
  const reason =
    text.trim() === '' ? 'the file is empty' : message.replace(/\s*\(line \d+ column \d+\)$/, '')
  return new UserError(
    `not valid JSON: ${reason}.`,
    'Re-run the step that wrote this file, or delete the broken file.',
    {
      file,
      ...where
    }
  )
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function checkEnvelope(file: string, data: unknown, expected?: Stage): ResultsFile {
  const fix = 'Pass a file written by a chaos-ci step (chaos-results/<stage>-<id>.json).'
  if (!isObject(data) || typeof data.schema !== 'string') {
    throw new UserError(`not a chaos-ci results file: it has no "schema" field.`, fix, { file })
  }
  const version = /^chaos-ci\/results\/v(\d+)$/.exec(data.schema)
  if (!version)
    throw new UserError(`not a chaos-ci results file: schema is "${data.schema}".`, fix, { file })
  if (Number(version[1]) > RESULTS_VERSION) {
    throw new UserError(
      `written by a newer chaos-ci (schema ${data.schema}; this version reads ${RESULTS_SCHEMA}).`,
      'Upgrade chaos-ci to the version that wrote the file.',
      { file }
    )
  }
  if (!STAGES.includes(data.stage as Stage)) {
    throw new UserError(
      `unknown stage "${String(data.stage)}".`,
      `Use one of: ${STAGES.join(', ')}.`,
      { file }
    )
  }
  if (!isObject(data.run) || typeof data.run.run_id !== 'string' || !('payload' in data)) {
    throw new UserError('the "run" block or the "payload" is missing.', fix, { file })
  }
  if (expected && data.stage !== expected) {
    throw new UserError(
      `expected a "${expected}" results file, got "${String(data.stage)}".`,
      `Pass the ${expected}-*.json file.`,
      {
        file
      }
    )
  }
  if (Number(version[1]) === 1) return fromV1(data as Parameters<typeof fromV1>[0])
  checkStatus(file, data)
  return data as unknown as ResultsFile
}

/** A v2 file's status is one its stage may write, and its reason text or null. */
function checkStatus(file: string, data: Record<string, unknown>): void {
  const allowed = STAGE_STATUSES[String(data.stage)] ?? RESULT_STATUSES
  if (!allowed.includes(data.status as ResultStatus))
    throw new UserError(
      `status ${JSON.stringify(data.status ?? null)} is not one a ${String(data.stage)} results file may have.`,
      `A ${String(data.stage)} file's status is one of: ${allowed.join(', ')}. Re-run the step that wrote it.`,
      { file }
    )
  if (data.status_reason !== null && typeof data.status_reason !== 'string')
    throw new UserError(
      'status_reason is neither text nor null.',
      'Re-run the step that wrote it.',
      {
        file
      }
    )
}

/** Parses and validates the text of a results file named `file`; optionally requires a stage. */
export function parseResults<P = unknown>(
  file: string,
  text: string,
  expected?: Stage
): ResultsFile<P> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw jsonError(file, text, error)
  }
  return checkEnvelope(file, data, expected) as ResultsFile<P>
}

/** Serializes a results file: stable two-space JSON with a trailing newline. */
export function serializeResults(results: ResultsFile): string {
  return `${JSON.stringify(results, null, 2)}\n`
}

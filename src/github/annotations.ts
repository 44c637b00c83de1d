/**
 * Annotations, within what GitHub shows: at most 10 error and 10 warning annotations per step (and
 * 50 per job); GitHub drops the rest without a word (docs.github.com, "Workflow commands"; the limits
 * are restated in github.com/orgs/community/discussions/26680). So the most important go first —
 * errors, then warnings, then notices, each in the caller's order — one error and one warning are
 * kept for the step's own verdict (setFailed, a verdict warning), and when some are left out a last
 * notice says how many and where they are. One process is one step: the budget is kept here.
 */
import * as core from '@actions/core'

export interface FileAnnotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  file?: string
  line?: number
  title: string
}

type Level = FileAnnotation['level']

/** What GitHub shows of each level in one step. */
export const STEP_LIMIT = 10

const LEVELS: readonly Level[] = ['error', 'warning', 'notice']

/** Slots kept back: one error and one warning for the verdict, one notice for the "more" note. */
const KEPT: Record<Level, number> = { error: 1, warning: 1, notice: 1 }

/** What this step (process) has written so far, per level. */
const used: Record<Level, number> = { error: 0, warning: 0, notice: 0 }

/** The plan for one batch: what to write, and how many of each level are left out. */
export interface AnnotationPlan {
  shown: FileAnnotation[]
  left: Record<Level, number>
}

/** The annotations that fit in `room` per level, most important first. Pure. */
export function planAnnotations(
  annotations: readonly FileAnnotation[],
  room: Record<Level, number>
): AnnotationPlan {
  const shown: FileAnnotation[] = []
  const left = { error: 0, warning: 0, notice: 0 }
  for (const level of LEVELS) {
    const of = annotations.filter(a => a.level === level)
    shown.push(...of.slice(0, Math.max(0, room[level])))
    left[level] = Math.max(0, of.length - Math.max(0, room[level]))
  }
  return { shown, left }
}

/** The note on what was left out: "12 more annotations (9 errors, 3 warnings) are in …". */
export function moreNote(left: Record<Level, number>, where: string): string | null {
  const total = left.error + left.warning + left.notice
  if (total === 0) return null
  const parts = LEVELS.filter(level => left[level] > 0).map(
    level => `${left[level]} ${level}${left[level] === 1 ? '' : 's'}`
  )
  return `${total} more annotation${total === 1 ? '' : 's'} (${parts.join(', ')}) ${total === 1 ? 'is' : 'are'} in ${where}; GitHub shows ${STEP_LIMIT} errors and ${STEP_LIMIT} warnings per step.`
}

function write(a: FileAnnotation): void {
  const properties = a.file
    ? { file: a.file, startLine: a.line ?? 1, title: a.title }
    : { title: a.title }
  if (a.level === 'error') core.error(a.message, properties)
  else if (a.level === 'warning') core.warning(a.message, properties)
  else core.notice(a.message, properties)
  used[a.level]++
}

/**
 * Writes the most important annotations that still fit in this step, and a last notice saying how
 * many more are in `where` (the job summary, by default); returns how many were left out.
 */
export function annotate(
  annotations: readonly FileAnnotation[],
  where = 'the job summary'
): number {
  const room = { error: 0, warning: 0, notice: 0 }
  for (const level of LEVELS) room[level] = STEP_LIMIT - KEPT[level] - used[level]
  const { shown, left } = planAnnotations(annotations, room)
  for (const a of shown) write(a)
  const note = moreNote(left, where)
  if (note) {
    const title = annotations[0]?.title ?? 'chaos-ci'
    if (used.notice < STEP_LIMIT) write({ level: 'notice', message: note, title })
    else core.info(note)
  }
  return left.error + left.warning + left.notice
}

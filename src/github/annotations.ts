/** Annotations, on files where a file is known, capped so one step cannot flood the run page. */
import * as core from '@actions/core'

export interface FileAnnotation {
  level: 'error' | 'warning' | 'notice'
  message: string
  file?: string
  line?: number
  title: string
}

/** Writes up to `max` annotations; returns how many were left out. */
export function annotate(annotations: readonly FileAnnotation[], max = 50): number {
  for (const a of annotations.slice(0, max)) {
    const properties = a.file
      ? { file: a.file, startLine: a.line ?? 1, title: a.title }
      : { title: a.title }
    if (a.level === 'error') core.error(a.message, properties)
    else if (a.level === 'warning') core.warning(a.message, properties)
    else core.notice(a.message, properties)
  }
  return Math.max(0, annotations.length - max)
}

/**
 * The report over a history database file (empty when there is none yet), written as Markdown to
 * `output` (its folder made if needed); returns the data and the Markdown.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

import { openHistory } from '../history/db.js'
import { buildReport, type ReportOptions } from './build.js'
import type { ReportData } from './data.js'
import { renderReport } from './render.js'

export async function writeReportFile(
  dbFile: string,
  output: string,
  options: ReportOptions
): Promise<{ data: ReportData; markdown: string }> {
  const db = await openHistory(dbFile)
  let data: ReportData
  try {
    data = buildReport(db, options)
  } finally {
    db.close()
  }
  const markdown = renderReport(data)
  await mkdir(path.dirname(path.resolve(output)), { recursive: true })
  await writeFile(output, markdown)
  return { data, markdown }
}

/** Markdown helpers. Text from outside (URLs, error messages, branch names) is escaped before use. */

/**
 * Escapes Markdown and HTML control characters so outside text renders literally, and breaks `@`
 * mentions (a zero-width space after the @) so that a crafted message cannot ping anyone.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, char => `\\${char}`)
    .replace(/\r?\n/g, ' ')
    .replace(/@/g, '@\u200b')
}

/** Wraps text in an inline code span that its own backticks cannot break out of. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`
}

/** A Markdown table from a header row and body rows; cells must already be escaped. */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/**
 * `text` cut to at most `maxBytes` of UTF-8 at a line end, with `note` after the cut; unchanged when
 * it fits. For GitHub's limits (1 MiB per job summary).
 */
export function fitBytes(text: string, maxBytes: number, note: string): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  const room = maxBytes - Buffer.byteLength(note) - 2
  let cut = Buffer.from(text).subarray(0, Math.max(0, room)).toString('utf8')
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1)
  const line = cut.lastIndexOf('\n')
  return `${line > 0 ? cut.slice(0, line) : cut}\n\n${note}`
}

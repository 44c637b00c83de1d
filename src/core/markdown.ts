/** Markdown helpers. Text from outside (URLs, error messages, branch names) is escaped before use. */

/** CommonMark's line endings: a lone CR ends a line too, and could start a new block. */
const LINE_END = /\r\n?|\n/g

/**
 * Escapes Markdown and HTML control characters so outside text renders literally, and breaks what
 * GitHub turns into links or notifications after rendering: `@` mentions and `#123` references get
 * a zero-width space after the sign, and the `:` of `scheme://` is escaped so that the autolink
 * extension does not make a live link of `http://…` (it did, even with its dots escaped).
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&]|:(?=\/\/)/g, char => `\\${char}`)
    .replace(LINE_END, ' ')
    .replace(/[@#]/g, char => `${char}\u200b`)
}

/** Wraps text in an inline code span that its own backticks cannot break out of. */
export function inlineCode(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text.replace(LINE_END, ' ')}${pad}${fence}`
}

/**
 * One row of a Markdown table; cells must already be escaped. A pipe left in a cell (inside a code
 * span, where escapeMarkdown does not reach) is escaped here: GFM splits cells before it parses code
 * spans, so it would end the cell and let the rest render as raw HTML.
 */
export function tableLine(cells: readonly string[]): string {
  return `| ${cells.map(cell => cell.replace(/(?<!\\)\|/g, '\\|')).join(' | ')} |`
}

/** A Markdown table from a header row and body rows; cells must already be escaped. */
export function markdownTable(header: string[], rows: string[][]): string {
  return [tableLine(header), tableLine(header.map(() => '---')), ...rows.map(tableLine)].join('\n')
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

/**
 * `text` cut to at most `maxChars` characters (UTF-16 code units, which are never fewer than the
 * code points GitHub counts) at a line end, with `note` after the cut; unchanged when it fits. For
 * GitHub's comment and issue bodies, whose limit (65,536) counts characters, not bytes.
 */
export function fitChars(text: string, maxChars: number, note: string): string {
  if (text.length <= maxChars) return text
  let cut = text.slice(0, Math.max(0, maxChars - note.length - 2))
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1)
  const line = cut.lastIndexOf('\n')
  return `${line > 0 ? cut.slice(0, line) : cut}\n\n${note}`
}

/** `text` at most `max` characters long: cut with an ellipsis, never inside a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.slice(0, Math.max(0, max - 1))
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`
}

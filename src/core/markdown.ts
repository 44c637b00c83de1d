/**
 * Markdown helpers. Text from outside (error messages, branch names) is escaped before use; URLs are
 * never escaped: they become autolinks, links we write, or (from untrusted files) code spans.
 */

/** CommonMark's line endings: a lone CR ends a line too, and could start a new block. */
const LINE_END = /\r\n?|\n/g

/**
 * A URL inside outside text: http(s), up to whitespace or a character that would end a CommonMark
 * autolink or a table cell (`<`, `>`, `|`, backslash, quote, backtick).
 */
const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>|\\"`]+/gi

/**
 * A URL found in text without the trailing punctuation GFM's autolink extension leaves out too
 * (github.github.com/gfm, "Autolinks (extension)"): `?!.,:*_~'`, an unbalanced `)`, an entity `&x;`;
 * and `;`, which ends a clause far more often than a URL.
 */
function trimUrl(url: string): string {
  for (;;) {
    const entity = /&[a-z0-9]+;$/i.exec(url)
    if (entity) url = url.slice(0, entity.index)
    else if (/[?!.,:;*_~']$/.test(url)) url = url.slice(0, -1)
    else if (url.endsWith(')') && url.split(')').length > url.split('(').length)
      url = url.slice(0, -1)
    else return url
  }
}

/** Text split into its URLs and the text between them, in order. */
function splitUrls(text: string): Array<{ url: boolean; text: string }> {
  const parts: Array<{ url: boolean; text: string }> = []
  let last = 0
  for (const match of text.matchAll(URL_IN_TEXT)) {
    const url = trimUrl(match[0])
    if (!/^https?:\/\/[^/?#]/i.test(url)) continue
    parts.push({ url: false, text: text.slice(last, match.index) }, { url: true, text: url })
    last = match.index + url.length
  }
  parts.push({ url: false, text: text.slice(last) })
  return parts.filter(part => part.text !== '')
}

/**
 * Escapes Markdown and HTML control characters so text renders literally, and breaks what GitHub
 * turns into links or notifications after rendering: `@` mentions and `#123` references get a
 * zero-width space after the sign, and the `:` of `scheme://` is escaped so that the autolink
 * extension does not make a live link of `scheme://…` (it did, even with its dots escaped).
 */
function escapeText(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&]|:(?=\/\/)/g, char => `\\${char}`)
    .replace(/[@#]/g, char => `${char}\u200b`)
}

/**
 * Outside text (an error message, a note) for a job summary or report: escaped so it renders
 * literally, except its http(s) URLs, which become autolinks to exactly that URL. Escaping never
 * touches a URL: `https://github\.com/…\#x` would reach GitHub as `href="https://github%5C.com/…"`.
 * For text a fork may have written (the PR comment), use {@link escapeInert}.
 */
export function escapeMarkdown(text: string): string {
  return splitUrls(text.replace(LINE_END, ' '))
    .map(part => (part.url ? `<${part.text}>` : escapeText(part.text)))
    .join('')
}

/**
 * Untrusted text (a results file from a fork): escaped like {@link escapeMarkdown}, but its URLs
 * are shown whole in code spans, readable and copyable, never live links.
 */
export function escapeInert(text: string): string {
  return splitUrls(text.replace(LINE_END, ' '))
    .map(part => (part.url ? inlineCode(part.text) : escapeText(part.text)))
    .join('')
}

/**
 * A link we write ourselves: the text escaped, the target exactly `url`. The target goes in `<…>`,
 * where only `<`, `>`, a backslash, whitespace and `&` mean something to Markdown: the first four
 * are percent-encoded (no valid URL holds them raw) and `&` is written as `&amp;`, so that a query
 * like `?a=1&copy=2` is not read as the entity `&copy;`.
 */
export function markdownLink(text: string, url: string): string {
  const target = url.replace(/[<>\\\s]/g, char => encodeURIComponent(char)).replace(/&/g, '&amp;')
  return `[${escapeText(text)}](<${target}>)`
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

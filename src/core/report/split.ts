/**
 * Splitting Markdown for GitHub's 65,536-character limit on an issue or comment body: at section
 * headings first, then at blank lines, then at line ends — never inside a fenced block when it can be
 * avoided — so that each part renders on its own.
 */

/** GitHub refuses issue and comment bodies longer than this. */
export const BODY_LIMIT = 65_536

function pieces(text: string, separator: RegExp): string[] {
  const out: string[] = []
  let last = 0
  for (const match of text.matchAll(separator)) {
    if (match.index === 0) continue
    out.push(text.slice(last, match.index))
    last = match.index
  }
  out.push(text.slice(last))
  return out
}

/** Blocks between blank lines, with each fenced block kept whole. */
function blocks(text: string): string[] {
  const out: string[] = []
  let current = ''
  let fenced = false
  for (const line of text.split(/(?<=\n)/)) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced
    current += line
    if (!fenced && line.trim() === '') {
      out.push(current)
      current = ''
    }
  }
  if (current) out.push(current)
  return out
}

/** Ever finer ways to cut a part that is too long: blank-line blocks, lines, characters. */
const FINER: Array<(text: string, limit: number) => string[]> = [
  text => blocks(text),
  text => text.split(/(?<=\n)/),
  (text, limit) => text.match(new RegExp(`[^]{1,${limit}}`, 'g')) ?? []
]

function packInto(parts: string[], limit: number, level: number): string[] {
  const out: string[] = []
  let current = ''
  for (const part of parts) {
    if (current.length + part.length <= limit) {
      current += part
      continue
    }
    if (current) out.push(current)
    current = ''
    if (part.length <= limit) current = part
    else {
      const packed = packInto(FINER[level]!(part, limit), limit, level + 1)
      out.push(...packed.slice(0, -1))
      current = packed.at(-1) ?? ''
    }
  }
  if (current) out.push(current)
  return out
}

/** Parts of `markdown`, each at most `limit` characters, in order; joined they give it back. */
export function splitMarkdown(markdown: string, limit = BODY_LIMIT): string[] {
  if (markdown.length <= limit) return [markdown]
  return packInto(pieces(markdown, /^## /gm), limit, 0)
}

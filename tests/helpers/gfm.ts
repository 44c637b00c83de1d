/**
 * GitHub's Markdown renderer for tests: cmark-gfm (Debian's package; .ci/run installs it) with the
 * extensions GitHub enables, raw HTML kept as GitHub's renderer keeps it (its sanitizer runs after,
 * and lets <img>, <a> and <details> through). Mentions and #references are GitHub's post-processing
 * of the rendered text, which cmark-gfm does not do: {@link mentions} finds what it would link.
 */
import { spawn, spawnSync } from 'node:child_process'

const ARGS = ['--unsafe', '-e', 'table', '-e', 'autolink', '-e', 'strikethrough', '-e', 'tagfilter']

/**
 * Whether the rendering tests run: always in CI (where .ci/run installs cmark-gfm, so a missing one
 * fails them); on a developer's machine only when cmark-gfm is there, else they are skipped with a
 * note saying how to get it, so `npm ci && npm test` passes on a fresh clone.
 */
export function gfmAvailable(): boolean {
  if (process.env.CI) return true
  const found = spawnSync('cmark-gfm', ['--version']).status === 0
  if (!found)
    console.warn(
      'cmark-gfm is not installed: the GitHub rendering tests are skipped (apt-get install cmark-gfm runs them; CI always does).'
    )
  return found
}

/** The HTML cmark-gfm renders `markdown` to. */
export function renderGfm(markdown: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('cmark-gfm', ARGS, { stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let err = ''
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()))
    child.on('error', error =>
      reject(
        new Error(
          `cmark-gfm did not start (${error.message}); .ci/run installs it (apt-get install cmark-gfm)`
        )
      )
    )
    child.on('close', code =>
      code === 0
        ? resolve(Buffer.concat(out).toString())
        : reject(new Error(`cmark-gfm exited ${code}: ${err}`))
    )
    child.stdin.end(markdown)
  })
}

/** Every element name in the HTML, once each, sorted. */
export function tagsOf(html: string): string[] {
  return [...new Set([...html.matchAll(/<([a-zA-Z][\w-]*)/g)].map(m => m[1]!.toLowerCase()))].sort()
}

/** The href of every link. */
export function linksOf(html: string): string[] {
  return [...html.matchAll(/<a\s[^>]*href="([^"]*)"/g)].map(m => m[1]!.replace(/&amp;/g, '&'))
}

/** The text a reader sees: tags dropped (each for `gap`), entities decoded. */
export function textOf(html: string, gap = ' '): string {
  return html
    .replace(/<[^>]*>/g, gap)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&')
}

/**
 * What GitHub would turn into a notification or a cross-reference in rendered text: `@name`,
 * `@org/team` (after a non-word character), and `#123` (also as `owner/repo#123`).
 */
export function mentions(text: string): string[] {
  return [...text.matchAll(/(?<![\w`])@[a-z\d][\w-]*(?:\/[\w-]+)?|#\d+/gi)].map(m => m[0])
}

/** One rendered table: its header cells and its body rows, each cell as the text a reader sees. */
export interface RenderedTable {
  header: string[]
  rows: string[][]
}

/** Every table in the HTML, in order. */
export function tablesOf(html: string): RenderedTable[] {
  const cells = (row: string, tag: 'th' | 'td'): string[] =>
    [...row.matchAll(new RegExp(`<${tag}[^>]*>([\\s\\S]*?)</${tag}>`, 'g'))].map(m =>
      textOf(m[1]!, '').replace(/\s+/g, ' ').trim()
    )
  return [...html.matchAll(/<table>([\s\S]*?)<\/table>/g)].map(table => {
    const head = /<thead>([\s\S]*?)<\/thead>/.exec(table[1]!)?.[1] ?? ''
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(table[1]!)?.[1] ?? ''
    return {
      header: cells(head, 'th'),
      rows: [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map(row => cells(row[1]!, 'td'))
    }
  })
}

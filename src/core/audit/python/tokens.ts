/**
 * A tolerant Python tokenizer, just deep enough for imports: names, operators, strings (all prefixes,
 * triple quotes, f-/t-strings with nested replacement fields), numbers and logical-line ends, with
 * comments, continuations and bracketed newlines handled as Python does. It never throws: malformed
 * input (an unterminated string, unbalanced brackets) is reported in `problems` and scanning goes on.
 */

export enum T {
  Name,
  Op,
  String,
  Number,
  Newline,
  End
}

export interface Token {
  type: T
  /** Names and operators: their text. Plain (non-f) strings: their literal value. Others: ''. */
  value: string
  line: number
  /** Column of the token (for the first token of a line: its indentation, tabs to multiples of 8). */
  column: number
  /** True for the first token of a logical line. */
  first: boolean
}

const C = {
  Tab: 9,
  LF: 10,
  CR: 13,
  Space: 32,
  Hash: 35,
  Quote: 34,
  Apos: 39,
  Backslash: 92,
  LBrace: 123,
  RBrace: 125,
  LParen: 40,
  RParen: 41,
  LBracket: 91,
  RBracket: 93,
  Colon: 58,
  Bang: 33,
  Equals: 61,
  FormFeed: 12
} as const

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c > 127
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57)
}

/** Characters that never change the lexical state of a line being skipped. */
const PLAIN = /[^'"#\\\n\r()[\]{}]+/y

/** The lower-cased string prefix (r, f, rb, …) written just before the quote at `quote`. */
function stringPrefix(src: string, quote: number): string {
  let start = quote
  while (start > quote - 2 && start > 0 && /[rRuUbBfFtT]/.test(src[start - 1]!)) start--
  if (start === quote || (start > 0 && isNameChar(src.charCodeAt(start - 1)))) return ''
  const prefix = src.slice(start, quote).toLowerCase()
  return /^(?:[rubft]|r[bft]|[bft]r)$/.test(prefix) ? prefix : ''
}

const THREE_CHAR_OPS = new Set(['**=', '//=', '>>=', '<<=', '...', '!=='])
const TWO_CHAR_OPS = new Set([
  '**',
  '//',
  '>>',
  '<<',
  '<=',
  '>=',
  '==',
  '!=',
  '->',
  ':=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@='
])

export class PythonTokens {
  private pos = 0
  private line = 1
  private lineStart = 0
  private depth = 0
  private atLineStart = true
  readonly problems: string[] = []

  constructor(private readonly src: string) {}

  private saved: [number, number, number, number, boolean] = [0, 1, 0, 0, true]

  /** Remembers this position (one slot) for {@link reset}. */
  mark(): void {
    const saved = this.saved
    saved[0] = this.pos
    saved[1] = this.line
    saved[2] = this.lineStart
    saved[3] = this.depth
    saved[4] = this.atLineStart
  }

  /** Returns to the position last {@link mark}ed. */
  reset(): void {
    ;[this.pos, this.line, this.lineStart, this.depth, this.atLineStart] = this.saved
  }

  /**
   * Skips the rest of the current logical line without making tokens (the fast path for lines that
   * cannot import); returns the text it skipped, so a caller can look for a dynamic import in it.
   */
  skipLine(): string {
    const src = this.src
    const start = this.pos
    for (;;) {
      // runs of characters that cannot change the lexical state are skipped by the regex engine
      PLAIN.lastIndex = this.pos
      if (PLAIN.test(src)) this.pos = PLAIN.lastIndex
      const p = this.pos
      if (p >= src.length) {
        this.depth = 0
        this.atLineStart = true
        return src.slice(start, p)
      }
      const c = src.charCodeAt(p)
      if (c === C.LF || c === C.CR) {
        const end = p
        this.newline()
        if (this.depth === 0) {
          this.atLineStart = true
          return src.slice(start, end)
        }
      } else if (c === C.Hash) this.skipComment()
      else if (c === C.Backslash) {
        this.pos = p + 1
        if (this.isContinuation(p)) this.newline()
      } else if (c === C.Quote || c === C.Apos) {
        const prefix = stringPrefix(src, p)
        this.scanString(p, prefix.includes('f') || prefix.includes('t'), prefix.includes('r'))
      } else {
        if (c === C.LParen || c === C.LBracket || c === C.LBrace) this.depth++
        else if (c === C.RParen || c === C.RBracket || c === C.RBrace)
          this.depth = Math.max(0, this.depth - 1)
        this.pos = p + 1
      }
    }
  }

  /** The next token; `End` forever once the input is exhausted. */
  next(): Token {
    const src = this.src
    for (;;) {
      // at the start of a physical line outside brackets: measure indentation, skip blank/comment lines
      if (this.atLineStart && this.depth === 0) {
        let column = 0
        let p = this.pos
        for (; p < src.length; p++) {
          const c = src.charCodeAt(p)
          if (c === C.Space) column++
          else if (c === C.Tab) column = (column + 8) & ~7
          else if (c === C.FormFeed) column = 0
          else break
        }
        this.pos = p
        const c = src.charCodeAt(p)
        if (c === C.Hash) {
          this.skipComment()
          continue
        }
        if (c === C.LF || c === C.CR) {
          this.newline()
          continue
        }
        if (c === C.Backslash && this.isContinuation(p)) {
          this.pos = p + 1
          this.newline()
          continue
        }
        if (p >= src.length) return this.token(T.End, '', column, false)
        this.atLineStart = false
        return this.scanToken(column, true)
      }
      const p = this.skipSpaces(this.pos)
      this.pos = p
      if (p >= src.length) {
        if (this.depth > 0) this.problems.push(`unclosed bracket at end of file`)
        this.depth = 0
        if (!this.atLineStart) {
          this.atLineStart = true
          return this.token(T.Newline, '', p - this.lineStart, false)
        }
        return this.token(T.End, '', 0, false)
      }
      const c = src.charCodeAt(p)
      if (c === C.Hash) {
        this.skipComment()
        continue
      }
      if (c === C.LF || c === C.CR) {
        const atDepth0 = this.depth === 0
        const column = p - this.lineStart
        this.newline()
        if (atDepth0) {
          this.atLineStart = true
          return this.token(T.Newline, '', column, false)
        }
        continue
      }
      if (c === C.Backslash && this.isContinuation(p)) {
        this.pos = p + 1
        this.newline()
        continue
      }
      return this.scanToken(p - this.lineStart, false)
    }
  }

  private token(type: T, value: string, column: number, first: boolean, line = this.line): Token {
    return { type, value, line, column, first }
  }

  private skipSpaces(p: number): number {
    const src = this.src
    for (; p < src.length; p++) {
      const c = src.charCodeAt(p)
      if (c !== C.Space && c !== C.Tab && c !== C.FormFeed) break
    }
    return p
  }

  private skipComment(): void {
    const src = this.src
    let p = this.pos
    while (p < src.length && src.charCodeAt(p) !== C.LF && src.charCodeAt(p) !== C.CR) p++
    this.pos = p
  }

  /** A backslash followed by a line end (possibly with trailing spaces in sloppy files). */
  private isContinuation(p: number): boolean {
    const c = this.src.charCodeAt(p + 1)
    return c === C.LF || c === C.CR
  }

  /** Consumes one line end (\n, \r\n or \r) at `pos`. */
  private newline(): void {
    const src = this.src
    let p = this.pos
    if (src.charCodeAt(p) === C.CR) p++
    if (src.charCodeAt(p) === C.LF) p++
    this.pos = p
    this.line++
    this.lineStart = p
  }

  private scanToken(column: number, first: boolean): Token {
    const src = this.src
    const start = this.pos
    const line = this.line
    const c = src.charCodeAt(start)
    if (isNameStart(c)) {
      let p = start + 1
      while (p < src.length && isNameChar(src.charCodeAt(p))) p++
      const q = src.charCodeAt(p)
      if (
        (q === C.Quote || q === C.Apos) &&
        p - start <= 2 &&
        /^(?:[rRuUbBfFtT]|[rR][bBfFtT]|[bBfFtT][rR])$/.test(src.slice(start, p))
      ) {
        const prefix = src.slice(start, p).toLowerCase()
        const value = this.scanString(
          p,
          prefix.includes('f') || prefix.includes('t'),
          prefix.includes('r')
        )
        return this.token(T.String, prefix.includes('b') ? '' : value, column, first, line)
      }
      this.pos = p
      return this.token(T.Name, src.slice(start, p), column, first, line)
    }
    if (c === C.Quote || c === C.Apos) {
      const value = this.scanString(start, false, false)
      return this.token(T.String, value, column, first, line)
    }
    if (
      (c >= 48 && c <= 57) ||
      (c === 46 && src.charCodeAt(start + 1) >= 48 && src.charCodeAt(start + 1) <= 57)
    ) {
      let p = start + 1
      for (; p < src.length; p++) {
        const d = src.charCodeAt(p)
        // digits, letters (hex, exponents, j, underscores) and dots; a sign only right after an exponent
        if (isNameChar(d) || d === 46) continue
        if (
          (d === 43 || d === 45) &&
          (src.charCodeAt(p - 1) | 32) === 101 &&
          !/^0[xX]/.test(src.slice(start, p))
        )
          continue
        break
      }
      this.pos = p
      return this.token(T.Number, '', column, first, line)
    }
    if (c === C.LParen || c === C.LBracket || c === C.LBrace) this.depth++
    else if (c === C.RParen || c === C.RBracket || c === C.RBrace)
      this.depth = Math.max(0, this.depth - 1)
    const three = src.slice(start, start + 3)
    const length = THREE_CHAR_OPS.has(three)
      ? 3
      : TWO_CHAR_OPS.has(src.slice(start, start + 2))
        ? 2
        : 1
    this.pos = start + length
    return this.token(T.Op, src.slice(start, start + length), column, first, line)
  }

  /**
   * Scans a string whose opening quote is at `p`; returns its value for plain strings ('' for f-strings).
   * In f-/t-strings, replacement fields are scanned as code, so quotes inside them (PEP 701) nest.
   */
  private scanString(p: number, formatted: boolean, raw: boolean): string {
    const src = this.src
    const quote = src.charCodeAt(p)
    const triple = src.charCodeAt(p + 1) === quote && src.charCodeAt(p + 2) === quote
    let q = p + (triple ? 3 : 1)
    const bodyStart = q
    let simple = !formatted
    for (;;) {
      if (q >= src.length) {
        this.problems.push(`unterminated string starting on line ${this.line}`)
        this.pos = q
        return ''
      }
      const c = src.charCodeAt(q)
      if (c === C.Backslash) {
        simple = simple && raw
        if (src.charCodeAt(q + 1) === C.CR && src.charCodeAt(q + 2) === C.LF) q++
        if (src.charCodeAt(q + 1) === C.LF || src.charCodeAt(q + 1) === C.CR) this.countLine(q + 1)
        q += 2
        continue
      }
      if (
        c === quote &&
        (!triple || (src.charCodeAt(q + 1) === quote && src.charCodeAt(q + 2) === quote))
      ) {
        this.pos = q + (triple ? 3 : 1)
        return simple ? src.slice(bodyStart, q) : ''
      }
      if (c === C.LF || c === C.CR) {
        if (!triple) {
          this.problems.push(`unterminated string on line ${this.line}`)
          this.pos = q
          return ''
        }
        if (c === C.CR && src.charCodeAt(q + 1) === C.LF) q++
        this.countLine(q)
        q++
        continue
      }
      if (formatted && c === C.LBrace) {
        if (src.charCodeAt(q + 1) === C.LBrace) {
          q += 2
          continue
        }
        q = this.scanField(q + 1)
        continue
      }
      q++
    }
  }

  private countLine(at: number): void {
    this.line++
    this.lineStart = at + 1
  }

  /** Scans a replacement field's expression from `p` (just after `{`) to just after its `}`. */
  private scanField(p: number): number {
    const saved = this.depth
    this.depth = 0
    this.pos = p
    const src = this.src
    for (;;) {
      const q = this.skipSpacesAndLines(this.pos)
      if (q >= src.length) {
        this.depth = saved
        return q
      }
      const c = src.charCodeAt(q)
      if (this.depth === 0 && c === C.RBrace) {
        this.depth = saved
        return q + 1
      }
      // a conversion (!r) or a format spec (:…) at the field's own level: the rest is literal text
      if (
        this.depth === 0 &&
        ((c === C.Bang && src.charCodeAt(q + 1) !== C.Equals) ||
          (c === C.Colon && src.charCodeAt(q + 1) !== C.Equals))
      ) {
        const end = this.scanFormatSpec(q + 1)
        this.depth = saved
        return end
      }
      this.pos = q
      this.scanToken(0, false)
    }
  }

  /** Literal format-spec text up to the field's `}`, with nested `{…}` fields scanned as code. */
  private scanFormatSpec(p: number): number {
    const src = this.src
    while (p < src.length) {
      const c = src.charCodeAt(p)
      if (c === C.RBrace) return p + 1
      if (c === C.LBrace) {
        p = this.scanField(p + 1)
        continue
      }
      if (c === C.LF) this.countLine(p)
      p++
    }
    return p
  }

  private skipSpacesAndLines(p: number): number {
    const src = this.src
    for (; p < src.length; p++) {
      const c = src.charCodeAt(p)
      if (c === C.LF) this.countLine(p)
      else if (c !== C.Space && c !== C.Tab && c !== C.CR && c !== C.FormFeed) break
    }
    return p
  }
}

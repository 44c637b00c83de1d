/**
 * A tolerant JavaScript/TypeScript scanner, just deep enough for module specifiers: it skips
 * comments, strings, template literals (with nested `${…}` code) and regular expressions, and yields
 * the significant tokens. `/` is read as a regex where an expression may start (after an operator or
 * a keyword such as `return`), as a division after a value. JSX text is not understood.
 */

export enum J {
  Name,
  Punct,
  String,
  Template,
  Regex,
  Number,
  End
}

export interface JsToken {
  type: J
  /** Names and punctuators: their text; strings and substitution-free templates: their value. */
  value: string
  line: number
  /** True when a line break came before this token. */
  newline: boolean
}

/** Keywords after which a `/` starts a regular expression. */
const REGEX_AFTER = new Set([
  'return',
  'typeof',
  'instanceof',
  'in',
  'of',
  'new',
  'delete',
  'void',
  'throw',
  'case',
  'do',
  'else',
  'yield',
  'await',
  'extends'
])

const isIdStart = (c: number): boolean =>
  (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 36 || c > 127
const isIdChar = (c: number): boolean => isIdStart(c) || (c >= 48 && c <= 57)

const PUNCTUATORS = [
  '>>>=',
  '...',
  '===',
  '!==',
  '**=',
  '<<=',
  '>>=',
  '>>>',
  '&&=',
  '||=',
  '??=',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '**',
  '<<',
  '>>'
]

export class JsTokens {
  private pos = 0
  private line = 1
  private previous: JsToken | undefined
  /** Open `{` of template substitutions: when one closes, the template resumes. */
  private readonly templates: number[] = []
  private braces = 0

  constructor(private readonly src: string) {
    if (src.startsWith('#!')) this.skipLineComment()
  }

  next(): JsToken {
    const newline = this.skipTrivia()
    const token = this.scan(newline)
    if (token.type !== J.End) this.previous = token
    return token
  }

  /** Skips whitespace and comments; returns whether a line break was crossed. */
  private skipTrivia(): boolean {
    const src = this.src
    let newline = false
    while (this.pos < src.length) {
      const c = src.charCodeAt(this.pos)
      if (c === 10) {
        newline = true
        this.line++
        this.pos++
      } else if (
        c === 32 ||
        c === 9 ||
        c === 13 ||
        c === 11 ||
        c === 12 ||
        c === 0xfeff ||
        c === 0xa0 ||
        c === 0x2028 ||
        c === 0x2029
      )
        this.pos++
      else if (c === 47 && src.charCodeAt(this.pos + 1) === 47) this.skipLineComment()
      else if (c === 47 && src.charCodeAt(this.pos + 1) === 42) {
        const end = src.indexOf('*/', this.pos + 2)
        const stop = end < 0 ? src.length : end + 2
        for (let p = this.pos; p < stop; p++) {
          if (src.charCodeAt(p) !== 10) continue
          this.line++
          newline = true
        }
        this.pos = stop
      } else break
    }
    return newline
  }

  private skipLineComment(): void {
    const end = this.src.indexOf('\n', this.pos)
    this.pos = end < 0 ? this.src.length : end
  }

  private token(type: J, value: string, line: number, newline: boolean): JsToken {
    return { type, value, line, newline }
  }

  private regexAllowed(): boolean {
    const prev = this.previous
    if (!prev) return true
    if (prev.type === J.Name) return REGEX_AFTER.has(prev.value)
    if (prev.type === J.Punct)
      return (
        prev.value !== ')' &&
        prev.value !== ']' &&
        prev.value !== '}' &&
        prev.value !== '++' &&
        prev.value !== '--'
      )
    return false
  }

  private scan(newline: boolean): JsToken {
    const src = this.src
    const start = this.pos
    const line = this.line
    if (start >= src.length) return this.token(J.End, '', line, newline)
    const c = src.charCodeAt(start)
    if (isIdStart(c) || c === 92) {
      let p = start + 1
      while (p < src.length && (isIdChar(src.charCodeAt(p)) || src.charCodeAt(p) === 92)) p++
      this.pos = p
      return this.token(J.Name, src.slice(start, p), line, newline)
    }
    if (c === 34 || c === 39) return this.token(J.String, this.scanString(c), line, newline)
    if (c === 96) return this.scanTemplate(line, newline)
    if (c >= 48 && c <= 57) {
      let p = start + 1
      while (p < src.length && (isIdChar(src.charCodeAt(p)) || src.charCodeAt(p) === 46)) p++
      this.pos = p
      return this.token(J.Number, '', line, newline)
    }
    if (c === 47 && this.regexAllowed()) {
      const end = this.regexEnd(start)
      if (end > 0) {
        this.pos = end
        return this.token(J.Regex, '', line, newline)
      }
    }
    if (c === 123) {
      this.braces++
    } else if (c === 125) {
      if (this.templates.length > 0 && this.templates[this.templates.length - 1] === this.braces) {
        this.templates.pop()
        this.braces--
        this.pos = start + 1
        return this.continueTemplate(line, newline)
      }
      this.braces--
    }
    if (c === 46 && src.charCodeAt(start + 1) >= 48 && src.charCodeAt(start + 1) <= 57) {
      this.pos = start + 1
      while (this.pos < src.length && isIdChar(src.charCodeAt(this.pos))) this.pos++
      return this.token(J.Number, '', line, newline)
    }
    for (const punct of PUNCTUATORS) {
      if (src.startsWith(punct, start)) {
        this.pos = start + punct.length
        return this.token(J.Punct, punct, line, newline)
      }
    }
    this.pos = start + 1
    return this.token(J.Punct, src[start]!, line, newline)
  }

  /** The end of a regex literal starting at `start`, or -1 when none closes on this line. */
  private regexEnd(start: number): number {
    const src = this.src
    let inClass = false
    for (let p = start + 1; p < src.length; p++) {
      const c = src.charCodeAt(p)
      if (c === 10 || c === 13) return -1
      if (c === 92) p++
      else if (c === 91) inClass = true
      else if (c === 93) inClass = false
      else if (c === 47 && !inClass) {
        let q = p + 1
        while (q < src.length && isIdChar(src.charCodeAt(q))) q++
        return q
      }
    }
    return -1
  }

  /** Scans a quoted string; returns its value (common escapes decoded). */
  private scanString(quote: number): string {
    const src = this.src
    let p = this.pos + 1
    let value = ''
    let chunk = p
    while (p < src.length) {
      const c = src.charCodeAt(p)
      if (c === quote) {
        value += src.slice(chunk, p)
        this.pos = p + 1
        return value
      }
      if (c === 92) {
        value += src.slice(chunk, p)
        const next = src[p + 1] ?? ''
        if (next === '\n') this.line++
        else if (next === '\r') p += src[p + 2] === '\n' ? 1 : 0
        else value += next === 'n' ? '\n' : next === 't' ? '\t' : next
        p += 2
        chunk = p
        continue
      }
      if (c === 10) break
      p++
    }
    this.pos = p
    return value + src.slice(chunk, p)
  }

  /** Scans from a backtick: a whole template, or its head up to the first `${`. */
  private scanTemplate(line: number, newline: boolean): JsToken {
    this.pos++
    return this.continueTemplate(line, newline)
  }

  private continueTemplate(line: number, newline: boolean): JsToken {
    const src = this.src
    let p = this.pos
    const start = p
    while (p < src.length) {
      const c = src.charCodeAt(p)
      if (c === 96) {
        this.pos = p + 1
        return this.token(J.Template, src.slice(start, p), line, newline)
      }
      if (c === 92) {
        if (src.charCodeAt(p + 1) === 10) this.line++
        p += 2
        continue
      }
      if (c === 36 && src.charCodeAt(p + 1) === 123) {
        this.pos = p + 2
        this.templates.push(++this.braces)
        // a substitution follows: report a template piece that is not a plain literal
        return this.token(J.Punct, '${', line, newline)
      }
      if (c === 10) this.line++
      p++
    }
    this.pos = p
    return this.token(J.Template, src.slice(start, p), line, newline)
  }
}

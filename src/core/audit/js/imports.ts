/**
 * Module specifiers used by a JavaScript or TypeScript file: `import … from`, side-effect `import`,
 * `export … from`, `import x = require()`, `import type`, and `import()`, `require()` and
 * `require.resolve()` with literal arguments. `declare module 'x'` is a declaration, not a use.
 */
import { J, type JsToken, JsTokens } from './scan.js'

export type JsImportKind = 'static' | 'dynamic' | 'require' | 'resolve'

export interface JsImport {
  specifier: string
  line: number
  kind: JsImportKind
  /** Only types are imported (`import type`, `export type`, all-`type` named imports, .d.ts files). */
  typeOnly: boolean
}

const isLiteral = (token: JsToken | undefined): token is JsToken =>
  token?.type === J.String || token?.type === J.Template

/** True when the token at `offset` is a literal that is the whole argument (`'x'` then `)` or `,`). */
function literalArgument(reader: Reader, offset: number): boolean {
  const after = reader.peek(offset + 1)
  return (
    isLiteral(reader.peek(offset)) &&
    after.type === J.Punct &&
    (after.value === ')' || after.value === ',')
  )
}

class Reader {
  private readonly tokens: JsTokens
  private readonly buffer: JsToken[] = []
  private last: JsToken | undefined
  private beforeLast: JsToken | undefined

  constructor(source: string) {
    this.tokens = new JsTokens(source)
  }

  peek(offset = 0): JsToken {
    while (this.buffer.length <= offset) this.buffer.push(this.tokens.next())
    return this.buffer[offset]!
  }

  take(): JsToken {
    const token = this.peek()
    this.buffer.shift()
    this.beforeLast = this.last
    this.last = token
    return token
  }

  /** The token taken last. */
  previous(): JsToken | undefined {
    return this.last
  }

  /** The token taken before the last one. */
  beforePrevious(): JsToken | undefined {
    return this.beforeLast
  }
}

/** After `import`: the clause up to `from 'x'` (or `= require('x')`); returns [specifier, typeOnly] or undefined. */
function importClause(
  reader: Reader
): { specifier: string; typeOnly: boolean; required: boolean } | undefined {
  let typeOnly = false
  let names = 0
  let typedNames = 0
  let pendingType = false
  let depth = 0
  for (let steps = 0; steps < 2000; steps++) {
    const token = reader.peek()
    if (token.type === J.End) return undefined
    if (
      token.type === J.Name &&
      token.value === 'from' &&
      depth === 0 &&
      isLiteral(reader.peek(1))
    ) {
      reader.take()
      const specifier = reader.take().value
      return {
        specifier,
        typeOnly: typeOnly || (names > 0 && names === typedNames),
        required: false
      }
    }
    if (token.type === J.Punct && token.value === '=' && depth === 0) {
      reader.take()
      if (
        reader.peek().value === 'require' &&
        reader.peek(1).value === '(' &&
        literalArgument(reader, 2)
      ) {
        reader.take()
        reader.take()
        return { specifier: reader.take().value, typeOnly, required: true }
      }
      return undefined
    }
    if (token.type === J.Punct) {
      if (token.value === '{') depth++
      else if (token.value === '}') depth--
      else if (token.value !== ',' && token.value !== '*') return undefined
    } else if (token.type === J.Name) {
      if (
        token.value === 'type' &&
        steps === 0 &&
        reader.peek(1).value !== 'from' &&
        reader.peek(1).value !== ','
      )
        typeOnly = true
      else if (
        token.value === 'type' &&
        depth === 1 &&
        reader.peek(1).type === J.Name &&
        reader.peek(1).value !== 'as'
      )
        pendingType = true
      else if (depth === 1 && token.value !== 'as' && reader.previous()?.value !== 'as') {
        names++
        if (pendingType) typedNames++
        pendingType = false
      } else if (
        depth === 0 &&
        token.value !== 'as' &&
        steps > 0 &&
        reader.previous()?.value !== 'as' &&
        reader.previous()?.value !== '*'
      ) {
        // a default import beside named ones is a value import
        names++
      } else if (depth === 0 && steps === 0 && token.value !== 'type') names++
    } else return undefined
    reader.take()
  }
  return undefined
}

/** Extracts the module specifiers of a JS/TS source; `declarationFile` marks everything type-only. */
export function jsImports(source: string, declarationFile = false): JsImport[] {
  const reader = new Reader(source)
  const found: JsImport[] = []
  const add = (specifier: string, line: number, kind: JsImportKind, typeOnly: boolean): void => {
    found.push({ specifier, line, kind, typeOnly: typeOnly || declarationFile })
  }
  for (;;) {
    const token = reader.take()
    if (token.type === J.End) break
    if (token.type !== J.Name) continue
    // `x.import`, `x.require(…)`: a property, not the keyword or the CommonJS function
    const before = reader.beforePrevious()
    if (before?.type === J.Punct && (before.value === '.' || before.value === '?.')) continue
    if (token.value === 'import') {
      const next = reader.peek()
      if (next.value === '(' && next.type === J.Punct) {
        if (literalArgument(reader, 1)) add(reader.peek(1).value, token.line, 'dynamic', false)
        continue
      }
      if (next.value === '.') continue
      if (isLiteral(next) && next.type === J.String) {
        add(reader.take().value, token.line, 'static', false)
        continue
      }
      const clause = importClause(reader)
      if (clause)
        add(clause.specifier, token.line, clause.required ? 'require' : 'static', clause.typeOnly)
    } else if (token.value === 'export') {
      let typeOnly = false
      if (
        reader.peek().value === 'type' &&
        (reader.peek(1).value === '{' || reader.peek(1).value === '*')
      ) {
        reader.take()
        typeOnly = true
      }
      const next = reader.peek()
      if (next.value === '*' || next.value === '{') {
        const clause = importClause(reader)
        if (clause) add(clause.specifier, token.line, 'static', typeOnly || clause.typeOnly)
      } else if (next.value === 'import') {
        reader.take()
        const clause = importClause(reader)
        if (clause?.required) add(clause.specifier, token.line, 'require', clause.typeOnly)
      }
    } else if (token.value === 'require') {
      const next = reader.peek()
      if (next.value === '(' && literalArgument(reader, 1))
        add(reader.peek(1).value, token.line, 'require', false)
      else if (
        next.value === '.' &&
        reader.peek(1).value === 'resolve' &&
        reader.peek(2).value === '(' &&
        literalArgument(reader, 3)
      ) {
        add(reader.peek(3).value, token.line, 'resolve', false)
      }
    }
  }
  return found
}

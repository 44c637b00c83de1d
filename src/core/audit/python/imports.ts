/**
 * Python imports from source text, without running Python: every `import`/`from` statement wherever
 * it stands (indented, after `;`, after a compound header's colon), and literal `__import__("x")` /
 * `importlib.import_module("x")` calls. Imports inside strings and comments do not count. Each import
 * is tagged by its context: `type-checking-only`, `optional` (guarded by `except ImportError`),
 * `conditional` (a version or platform branch) and `dynamic`.
 */
import { PythonTokens, T, type Token } from './tokens.js'

export type ImportTag = 'type-checking-only' | 'optional' | 'conditional' | 'dynamic'

export interface PythonImport {
  /** The dotted module as written (`a.b.c`; '' for `from . import x`). */
  module: string
  /** Its first component: what must be installed (or local). */
  top: string
  /** Leading dots of a relative import; 0 for absolute. */
  level: number
  /** For `from m import a, b`: a and b (to resolve namespace packages such as google.cloud). */
  names: string[]
  line: number
  tags: Set<ImportTag>
}

export interface PythonImports {
  imports: PythonImport[]
  /** Why the file may not be valid Python; what could be read is still in `imports`. */
  problems: string[]
}

type BlockKind =
  'type-checking' | 'runtime-else' | 'conditional' | 'try' | 'optional-handler' | 'plain'

interface Block {
  indent: number
  kind: BlockKind
  /** For `try`: the imports recorded in its body, marked optional if an ImportError handler follows. */
  guarded?: PythonImport[]
}

const COMPOUND = new Set([
  'if',
  'elif',
  'else',
  'try',
  'except',
  'finally',
  'for',
  'while',
  'with',
  'def',
  'class',
  'async',
  'match',
  'case'
])
/** First names of the lines that are tokenized in full: imports and compound headers. */
const INTERESTING = new Set([...COMPOUND, 'import', 'from'])
/** Headers whose block carries no tag: skipped fast unless the line mentions `import`. */
const PLAIN_HEADERS = new Set(['def', 'class', 'for', 'while', 'with'])
const IMPORT_ERRORS = new Set(['ImportError', 'ModuleNotFoundError', 'Exception', 'BaseException'])
const PLATFORM_NAMES = new Set([
  'version_info',
  'hexversion',
  'platform',
  'implementation',
  'PY2',
  'PY3',
  'PYPY'
])

class Extractor {
  private readonly tokens: PythonTokens
  private readonly imports: PythonImport[] = []
  private readonly blocks: Block[] = []
  /** The last closed compound statement at each indent: an `if` chain or a `try`, for elif/else/except. */
  private readonly previous = new Map<number, Block & { keyword: string; negated?: boolean }>()
  private readonly typeCheckingNames = new Set(['TYPE_CHECKING'])
  private readonly importlibNames = new Set<string>()
  private readonly importModuleNames = new Set<string>()
  private line: Token[] = []
  private peeked: Token | undefined

  constructor(source: string) {
    this.tokens = new PythonTokens(source)
  }

  run(): PythonImports {
    for (;;) {
      this.tokens.mark()
      const first = this.read()
      if (first.type === T.End) break
      if (first.type === T.Newline) continue
      // fast path: lines that cannot import are skipped without tokens. Plain compound headers
      // (def, class, for, while, with) only open a block; any line that mentions `import` is
      // tokenized after all, for an inline or dynamic import.
      const plain = first.type === T.Name && PLAIN_HEADERS.has(first.value)
      if (plain || first.type !== T.Name || !INTERESTING.has(first.value)) {
        const rest = this.tokens.skipLine()
        if (!this.mayImport(first.value) && !this.mayImport(rest)) {
          this.dedent(first.column)
          this.forgetDeeper(first.column)
          if (plain && /:\s*(#[^'"]*)?$/.test(rest)) this.openPlain(first.column)
          continue
        }
        this.tokens.reset()
        this.read()
      }
      this.line = [first]
      for (
        let token = this.read();
        token.type !== T.Newline && token.type !== T.End;
        token = this.read()
      )
        this.line.push(token)
      this.logicalLine(first.column)
    }
    return { imports: this.imports, problems: this.tokens.problems }
  }

  private read(): Token {
    const token = this.peeked ?? this.tokens.next()
    this.peeked = undefined
    return token
  }

  /** Closes the blocks the indentation has left. */
  private dedent(indent: number): void {
    while (this.blocks.length > 0 && this.blocks[this.blocks.length - 1]!.indent >= indent)
      this.blocks.pop()
  }

  /** True when `text` mentions `import` or a name bound to importlib or import_module. */
  private mayImport(text: string): boolean {
    if (text.includes('import')) return true
    if (this.importlibNames.size === 0 && this.importModuleNames.size === 0) return false
    for (const name of this.importlibNames) if (text.includes(name)) return true
    for (const name of this.importModuleNames) if (text.includes(name)) return true
    return false
  }

  /** Opens a block that only matters for its indentation (def, class, for, while, with). */
  private openPlain(indent: number): void {
    const block = { indent, kind: 'plain' as const, keyword: 'plain' }
    this.blocks.push(block)
    this.previous.set(indent, block)
  }

  private forgetDeeper(indent: number): void {
    if (this.previous.size === 0) return
    for (const [key] of this.previous) if (key > indent) this.previous.delete(key)
  }

  private logicalLine(indent: number): void {
    this.dedent(indent)
    this.forgetDeeper(indent)
    let start = 0
    const tokens = this.line
    while (start < tokens.length) {
      const head = tokens[start]!
      if (head.type === T.Name && COMPOUND.has(head.value)) {
        const colon = this.headerColon(start)
        if (colon > 0) {
          this.header(
            head.value === 'async' ? (tokens[start + 1]?.value ?? 'async') : head.value,
            start,
            colon,
            indent
          )
          start = colon + 1
          continue
        }
      }
      const end = this.statementEnd(start)
      this.statement(start, end)
      start = end + 1
    }
  }

  /** The index of a compound header's colon at bracket depth 0, or -1. */
  private headerColon(start: number): number {
    let depth = 0
    for (let i = start + 1; i < this.line.length; i++) {
      const token = this.line[i]!
      if (token.type !== T.Op) continue
      const v = token.value
      if (v === '(' || v === '[' || v === '{') depth++
      else if (v === ')' || v === ']' || v === '}') depth--
      else if (v === ':' && depth === 0) return i
    }
    return -1
  }

  private statementEnd(start: number): number {
    let depth = 0
    for (let i = start; i < this.line.length; i++) {
      const v = this.line[i]!.type === T.Op ? this.line[i]!.value : ''
      if (v === '(' || v === '[' || v === '{') depth++
      else if (v === ')' || v === ']' || v === '}') depth--
      else if (v === ';' && depth <= 0) return i
    }
    return this.line.length
  }

  private header(keyword: string, start: number, colon: number, indent: number): void {
    const condition = this.line.slice(start + 1, colon)
    let kind: BlockKind = 'plain'
    let negated = false
    const before = this.previous.get(indent)
    if (keyword === 'if' || keyword === 'elif') {
      const typeChecking = condition.some(
        t => t.type === T.Name && this.typeCheckingNames.has(t.value)
      )
      negated = condition[0]?.value === 'not'
      if (typeChecking) kind = negated ? 'runtime-else' : 'type-checking'
      else if (
        this.isPlatformTest(condition) ||
        (keyword === 'elif' && before?.kind === 'conditional')
      )
        kind = 'conditional'
    } else if (
      keyword === 'else' &&
      before &&
      (before.keyword === 'if' || before.keyword === 'elif')
    ) {
      if (before.kind === 'type-checking') kind = 'runtime-else'
      else if (before.kind === 'runtime-else' && before.negated) kind = 'type-checking'
      else if (before.kind === 'conditional') kind = 'conditional'
    } else if (keyword === 'try') {
      kind = 'try'
    } else if (keyword === 'except') {
      const names = condition.filter(t => t.type === T.Name).map(t => t.value)
      const catchesImports = names.length === 0 || names.some(name => IMPORT_ERRORS.has(name))
      if (catchesImports && before?.guarded) {
        for (const record of before.guarded) record.tags.add('optional')
        kind = 'optional-handler'
      }
    }
    const block: Block & { keyword: string; negated?: boolean } = { indent, kind, keyword, negated }
    if (kind === 'try') block.guarded = []
    // an except/else/finally continues its try for later handlers
    if ((keyword === 'except' || keyword === 'else' || keyword === 'finally') && before?.guarded)
      block.guarded = before.guarded
    this.blocks.push(block)
    this.previous.set(indent, block)
  }

  private isPlatformTest(condition: Token[]): boolean {
    return condition.some(
      (t, i) =>
        t.type === T.Name &&
        (PLATFORM_NAMES.has(t.value) ||
          (t.value === 'name' && condition[i - 2]?.value === 'os') ||
          (t.value === 'system' && condition[i - 2]?.value === 'platform'))
    )
  }

  private contextTags(): Set<ImportTag> {
    const tags = new Set<ImportTag>()
    for (const block of this.blocks) {
      if (block.kind === 'type-checking') tags.add('type-checking-only')
      else if (block.kind === 'conditional') tags.add('conditional')
      else if (block.kind === 'optional-handler') tags.add('optional')
    }
    return tags
  }

  private record(
    module: string,
    level: number,
    names: string[],
    line: number,
    dynamic: boolean
  ): void {
    const tags = this.contextTags()
    if (dynamic) tags.add('dynamic')
    const record: PythonImport = {
      module,
      top: module.split('.')[0] ?? '',
      level,
      names,
      line,
      tags
    }
    this.imports.push(record)
    for (const block of this.blocks) if (block.kind === 'try') block.guarded!.push(record)
  }

  private statement(start: number, end: number): void {
    const head = this.line[start]
    if (!head) return
    if (head.type === T.Name && head.value === 'import')
      this.importStatement(start + 1, end, head.line)
    else if (head.type === T.Name && head.value === 'from')
      this.fromStatement(start + 1, end, head.line)
    else this.dynamicCalls(start, end)
  }

  /** Reads a dotted name from `i`; returns it and the index after it. */
  private dotted(i: number, end: number): [string, number] {
    const parts: string[] = []
    while (i < end && this.line[i]!.type === T.Name) {
      parts.push(this.line[i]!.value)
      if (this.line[i + 1]?.value === '.' && this.line[i + 1]?.type === T.Op) i += 2
      else {
        i++
        break
      }
    }
    return [parts.join('.'), i]
  }

  private importStatement(i: number, end: number, line: number): void {
    while (i < end) {
      const [module, next] = this.dotted(i, end)
      if (!module) return
      i = next
      let alias: string | undefined
      if (this.line[i]?.value === 'as') {
        alias = this.line[i + 1]?.value
        i += 2
      }
      this.record(module, 0, [], line, false)
      this.bind(module, undefined, alias)
      if (this.line[i]?.value !== ',') return
      i++
    }
  }

  private fromStatement(i: number, end: number, line: number): void {
    let level = 0
    while (
      i < end &&
      (this.line[i]!.value === '.' || this.line[i]!.value === '...') &&
      this.line[i]!.type === T.Op
    ) {
      level += this.line[i]!.value.length
      i++
    }
    const [module, next] = this.line[i]?.value === 'import' ? ['', i] : this.dotted(i, end)
    i = next
    if (this.line[i]?.value !== 'import') return
    const names: string[] = []
    for (i++; i < end; i++) {
      const token = this.line[i]!
      if (token.type !== T.Name) continue
      if (token.value === 'as') {
        const alias = this.line[i + 1]?.value
        if (names.length > 0) this.bind(module, names[names.length - 1], alias)
        i++
        continue
      }
      names.push(token.value)
      this.bind(module, token.value, undefined)
    }
    if (level > 0 || module) this.record(module, level, names, line, false)
  }

  /** Remembers names bound to typing.TYPE_CHECKING, importlib and importlib.import_module. */
  private bind(module: string, name: string | undefined, alias: string | undefined): void {
    if (name === undefined) {
      if (module === 'importlib') this.importlibNames.add(alias ?? 'importlib')
      return
    }
    if (
      name === 'TYPE_CHECKING' &&
      (module === 'typing' || module === 'typing_extensions') &&
      alias
    )
      this.typeCheckingNames.add(alias)
    if (module === 'importlib' && name === 'import_module')
      this.importModuleNames.add(alias ?? name)
    if (alias === undefined && module === 'importlib' && name === 'import_module')
      this.importModuleNames.add(name)
  }

  /** `__import__("x")`, `importlib.import_module("x")` and aliases of them, with literal names. */
  private dynamicCalls(start: number, end: number): void {
    const tokens = this.line
    for (let i = start; i < end; i++) {
      const token = tokens[i]!
      if (token.type !== T.Name) continue
      let open = -1
      if (token.value === '__import__' || this.importModuleNames.has(token.value)) open = i + 1
      else if (
        this.importlibNames.has(token.value) &&
        tokens[i + 1]?.value === '.' &&
        tokens[i + 2]?.value === 'import_module'
      )
        open = i + 3
      if (open < 0 || tokens[open]?.value !== '(' || tokens[open]?.type !== T.Op) continue
      const literal = tokens[open + 1]
      const after = tokens[open + 2]?.value
      if (literal?.type !== T.String || !literal.value || (after !== ')' && after !== ',')) continue
      // `x.import_module(…)` or `x.__import__(…)` is an attribute of something else, not the alias
      if (open === i + 1 && tokens[i - 1]?.value === '.') continue
      const name = literal.value.trim()
      if (/^\.*[A-Za-z_][\w.]*$/.test(name)) {
        const level = name.length - name.replace(/^\.+/, '').length
        if (level === 0) this.record(name, 0, [], token.line, true)
      }
    }
  }
}

/** Extracts every import of a Python source file. */
export function pythonImports(source: string): PythonImports {
  return new Extractor(source).run()
}

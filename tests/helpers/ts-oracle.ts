/**
 * Oracles for JS/TS module specifiers, from the TypeScript compiler (a dev dependency):
 * `astSpecifiers` walks the real syntax tree; `preProcessSpecifiers` is `ts.preProcessFile`, the
 * compiler's own fast scanner. Each returns `<line>:<specifier>` strings.
 */
import ts from 'typescript'

function kindOf(file: string): ts.ScriptKind {
  if (/\.tsx$/.test(file)) return ts.ScriptKind.TSX
  if (/\.[cm]?ts$/.test(file)) return ts.ScriptKind.TS
  if (/\.jsx$/.test(file)) return ts.ScriptKind.JSX
  return ts.ScriptKind.JS
}

const literal = (
  node: ts.Node | undefined
): node is ts.StringLiteral | ts.NoSubstitutionTemplateLiteral =>
  !!node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))

/** Specifiers from the full parse; `parseErrors` counts syntax errors the parser reported. */
export function astSpecifiers(
  file: string,
  text: string
): { specifiers: string[]; parseErrors: number } {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, kindOf(file))
  const found = new Set<string>()
  const at = (node: ts.Node, specifier: string): void => {
    found.add(
      `${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}:${specifier}`
    )
  }
  const stack: ts.Node[] = [source]
  while (stack.length > 0) {
    const node = stack.pop()!
    if (
      (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) &&
      node.moduleSpecifier &&
      literal(node.moduleSpecifier)
    )
      at(node, node.moduleSpecifier.text)
    else if (
      ts.isImportEqualsDeclaration(node) &&
      ts.isExternalModuleReference(node.moduleReference) &&
      literal(node.moduleReference.expression)
    )
      at(node, node.moduleReference.expression.text)
    else if (ts.isCallExpression(node) && literal(node.arguments[0])) {
      const callee = node.expression
      const arg = node.arguments[0]
      if (callee.kind === ts.SyntaxKind.ImportKeyword) at(node, arg.text)
      else if (ts.isIdentifier(callee) && callee.text === 'require') at(node, arg.text)
      else if (
        ts.isPropertyAccessExpression(callee) &&
        ts.isIdentifier(callee.expression) &&
        callee.expression.text === 'require' &&
        callee.name.text === 'resolve'
      )
        at(node, arg.text)
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      literal(node.argument.literal)
    )
      at(node, node.argument.literal.text)
    ts.forEachChild(node, child => void stack.push(child))
  }
  const parseErrors = (source as unknown as { parseDiagnostics: unknown[] }).parseDiagnostics.length
  return { specifiers: [...found].sort(), parseErrors }
}

/** Specifiers as `ts.preProcessFile` (with JavaScript imports) finds them. */
export function preProcessSpecifiers(text: string): string[] {
  const info = ts.preProcessFile(text, true, true)
  const lineOf = (pos: number): number => text.slice(0, pos).split('\n').length
  return [...new Set(info.importedFiles.map(ref => `${lineOf(ref.pos)}:${ref.fileName}`))].sort()
}

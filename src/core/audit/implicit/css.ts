/**
 * Stylesheets that load packages: `@import "tailwindcss"`, `@plugin "@tailwindcss/typography"`,
 * Sass's `@use`/`@forward`, and Tailwind v3's `@tailwind base` directive
 * (https://tailwindcss.com/docs/functions-and-directives, https://v3.tailwindcss.com/docs/functions-and-directives#tailwind).
 */
import { specifierTarget } from '../names.js'
import { type ImplicitReader, type ImplicitUse, lineAt } from './types.js'

const STYLESHEET = /\.(css|pcss|postcss|scss|sass|less)$/
const AT_RULE = /@(import|plugin|use|forward|reference)\s+(?:url\()?\s*(['"])([^'"]+)\2/g

export const css: ImplicitReader = {
  kind: 'stylesheet',
  wants: name => STYLESHEET.test(name),
  read(input) {
    return input.files
      .filter(file => STYLESHEET.test(file))
      .flatMap(file => {
        const text = input.read(file) ?? ''
        const uses: ImplicitUse[] = []
        for (const m of text.matchAll(AT_RULE)) {
          const specifier = m[3]!.replace(/^~/, '')
          const target = specifierTarget(specifier)
          if (
            target.kind !== 'package' ||
            (/\.(css|scss|sass|less)$/.test(specifier) && !specifier.includes('/'))
          )
            continue
          uses.push({
            name: target.name,
            kind: this.kind,
            file,
            line: lineAt(text, m.index),
            evidence: `@${m[1]} "${m[3]}"`
          })
        }
        const tailwind = /@tailwind\s+(base|components|utilities)/.exec(text)
        if (tailwind)
          uses.push({
            name: 'tailwindcss',
            kind: this.kind,
            file,
            line: lineAt(text, tailwind.index),
            evidence: `@tailwind ${tailwind[1]}`
          })
        return uses
      })
  }
}

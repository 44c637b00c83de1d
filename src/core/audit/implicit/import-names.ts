/**
 * Imports under another name: `import speech_recognition` uses SpeechRecognition and `import pdfminer`
 * uses pdfminer.six when neither installed metadata nor the curated table says so. The audit's own
 * import resolution decides first; this reader only offers each imported module to match.ts, whose
 * spelling rules are the evidence shown.
 */
import type { ImplicitReader } from './types.js'

export const importNames: ImplicitReader = {
  kind: 'import under another name',
  read(input) {
    return input.imports.map(site => ({
      name: site.module,
      by: 'module' as const,
      kind: this.kind,
      file: site.file,
      line: site.line,
      evidence: `imports ${site.module}`
    }))
  }
}

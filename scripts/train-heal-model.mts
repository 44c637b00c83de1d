// Trains the healer's corpus model on the tune split of the real-world corpus, never the held-out
// one, and writes src/core/heal/model/weights.ts. Run after cases.tune.jsonl changes:
//   npm run train-heal-model          (writes)
//   npm run train-heal-model -- --check (fails if weights.ts differs from a fresh training)
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

import { modelSource, trainOnFile } from '../src/core/heal/model/corpus.js'

const root = path.resolve(import.meta.dirname, '..')
const target = path.join(root, 'src/core/heal/model/weights.ts')
const source = modelSource(trainOnFile(root, 'bench/heal-real/cases.tune.jsonl'))
if (process.argv.includes('--check')) {
  if (readFileSync(target, 'utf8') !== source) {
    console.error(
      'src/core/heal/model/weights.ts is not a fresh training of bench/heal-real/cases.tune.jsonl: run npm run train-heal-model and commit it.'
    )
    process.exit(1)
  }
  console.log('weights.ts matches a fresh training')
} else {
  writeFileSync(target, source)
  console.log(`wrote ${path.relative(root, target)} (${source.length} characters)`)
}

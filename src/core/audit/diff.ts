/** A unified diff of two small texts (manifests), for dry runs. Line-based LCS; 3 lines of context. */

type Op = { sign: ' ' | '-' | '+'; text: string; old: number; new: number }

function operations(a: string[], b: string[]): Op[] {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)
  }
  const ops: Op[] = []
  let i = 0
  let j = 0
  // `old`/`new` are 1-based line numbers; for an insertion `old` is the line it follows (and vice versa)
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j])
      ops.push({ sign: ' ', text: a[i]!, old: ++i, new: ++j })
    else if (j < b.length && (i >= a.length || lcs[i]![j + 1]! >= lcs[i + 1]![j]!))
      ops.push({ sign: '+', text: b[j]!, old: i, new: ++j })
    else ops.push({ sign: '-', text: a[i]!, old: ++i, new: j })
  }
  return ops
}

function range(ops: Op[], side: 'old' | 'new', skip: '+' | '-'): string {
  const lines = ops.filter(op => op.sign !== skip)
  if (lines.length === 0) return `${ops[0]![side]},0`
  return `${lines[0]![side]},${lines.length}`
}

/** The unified diff of `before` → `after` for `file`, or '' when they are equal. */
export function unifiedDiff(file: string, before: string, after: string): string {
  if (before === after) return ''
  const ops = operations(before.split('\n'), after.split('\n'))
  const out = [`--- a/${file}`, `+++ b/${file}`]
  for (let k = 0; k < ops.length;) {
    if (ops[k]!.sign === ' ') {
      k++
      continue
    }
    const start = Math.max(0, k - 3)
    let end = k
    // extend while changes are within 6 unchanged lines of each other (one hunk)
    while (
      end < ops.length &&
      (ops[end]!.sign !== ' ' || ops.slice(end, end + 7).some(op => op.sign !== ' '))
    )
      end++
    end = Math.min(ops.length, end + 3)
    const slice = ops.slice(start, end)
    out.push(
      `@@ -${range(slice, 'old', '+')} +${range(slice, 'new', '-')} @@`,
      ...slice.map(op => `${op.sign}${op.text}`)
    )
    k = end
  }
  return out.join('\n')
}

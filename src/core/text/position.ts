/** Offsets in text as 1-based line and column, for error messages. */

export interface LineColumn {
  line: number
  column: number
}

/**
 * A lookup of line and column by offset for `text`: the line starts are found once, then each lookup
 * is a binary search, so locating every node of a large file stays linear (issue #18).
 */
export function lineIndex(text: string): (offset: number) => LineColumn {
  const starts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1)
  return offset => {
    const at = Math.min(Math.max(0, offset), text.length)
    let low = 0
    let high = starts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (starts[mid]! <= at) low = mid
      else high = mid - 1
    }
    return { line: low + 1, column: at - starts[low]! + 1 }
  }
}

/** Line and column (1-based) of a character offset in `text`, for a single lookup. */
export function lineColumnAt(text: string, offset: number): LineColumn {
  return lineIndex(text)(offset)
}

/**
 * Text stored in the history is capped (issue #18, item 5): one results file with a 60 MB message
 * made a 189 MB database and took 1 GB of memory to record, as the message landed in three places.
 * Each string written to a column, and each string (and key) inside a stored payload, keeps its
 * first MAX_STORED_CHARS characters and a marker saying how many were cut (docs/history.md).
 */

/** 4 KiB of text: a failure message, a reason or a log line of chaos-ci's own is far shorter. */
export const MAX_STORED_CHARS = 4096

/** `text`, or its first `max` characters and "… [cut: N more characters]". */
export function capText(text: string, max = MAX_STORED_CHARS): string {
  if (text.length <= max) return text
  const last = text.charCodeAt(max - 1)
  // never keep half of a surrogate pair
  const keep = last >= 0xd800 && last <= 0xdbff ? max - 1 : max
  const cut = (text.length - keep).toLocaleString('en-US')
  return `${text.slice(0, keep)}… [cut: ${cut} more characters]`
}

function capKeys(value: object): object {
  const keys = Object.keys(value)
  if (keys.every(key => key.length <= MAX_STORED_CHARS)) return value
  return Object.fromEntries(Object.entries(value).map(([key, v]) => [capText(key), v as unknown]))
}

/** `value` as JSON text, with every string and key in it capped. */
export function cappedJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    typeof v === 'string'
      ? capText(v)
      : typeof v === 'object' && v !== null && !Array.isArray(v)
        ? capKeys(v)
        : v
  )
}

/**
 * Colour in the CLI's text output: only the status words (✓ ✗, PASSED, FAILED, a verdict's
 * passed/failed, validate's pass/warn/fail), and only where it is wanted. NO_COLOR set and not empty
 * means none, always (https://no-color.org); otherwise FORCE_COLOR (not 0 or false) turns it on even
 * into a pipe, and without either a stream is coloured when it is a terminal that is not TERM=dumb.
 */

const SGR = { green: 32, yellow: 33, red: 31 } as const
type Hue = keyof typeof SGR

const wrap = (hue: Hue, text: string): string => `\u001b[${SGR[hue]}m${text}\u001b[39m`

const HUE: Record<string, Hue> = {
  '✓': 'green',
  '✗': 'red',
  PASSED: 'green',
  FAILED: 'red',
  passed: 'green',
  failed: 'red',
  pass: 'green',
  warn: 'yellow',
  fail: 'red'
}

/** Whether `stream` may carry colour, under `env`. */
function allowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.NO_COLOR) return false
  const force = env.FORCE_COLOR
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false'
  return !!stream.isTTY && env.TERM !== 'dumb'
}

/** `text` with its status words coloured. */
function status(text: string): string {
  return text
    .replace(/[✓✗]|\b(PASSED|FAILED)\b/g, word => wrap(HUE[word]!, word))
    .replace(
      /^(chaos-ci \w+: )(passed|failed)\b/gm,
      (_, lead: string, word: string) => lead + wrap(HUE[word]!, word)
    )
    .replace(
      /^(\s*)(pass|warn|fail)(?= )/gm,
      (_, lead: string, word: string) => lead + wrap(HUE[word]!, word)
    )
}

export const paint = { allowed, status }

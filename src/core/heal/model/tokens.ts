/**
 * The words the corpus model reads in a failure's output: per line, lower-cased, with URLs, long
 * hex strings and digits folded so that a version or a port does not make a new word; each word and
 * each pair of neighbouring words on a line is a feature, and the exit status is one more.
 */

/** Lines read from the end of the output: where the decisive error is, as for the rules. */
export const MODEL_MAX_LINES = 400

/** The features of one line. */
export function lineFeatures(line: string): string[] {
  const words = line
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' url ')
    .replace(/\b[0-9a-f]{7,}\b/g, ' hex ')
    .replace(/\d+/g, '0')
    .split(/[^a-z0:_.-]+/)
    .map(word => word.replace(/^[._:-]+|[._:-]+$/g, ''))
    .filter(word => word.length >= 2 && word.length <= 30)
  const features = [...words]
  for (let i = 0; i + 1 < words.length; i++) features.push(`${words[i]} ${words[i + 1]}`)
  return features
}

/** The last lines of an output, as the model reads them. */
export function modelLines(output: string): string[] {
  return output.split(/\r?\n/).slice(-MODEL_MAX_LINES)
}

/** The feature of the exit status (null when a signal ended the process without one). */
export const exitFeature = (status: number | null): string => `exit:${status ?? 'none'}`

/** Every distinct feature of an output and its exit status. */
export function features(output: string, status: number | null): string[] {
  const all = new Set<string>([exitFeature(status)])
  for (const line of modelLines(output)) for (const feature of lineFeatures(line)) all.add(feature)
  return [...all]
}

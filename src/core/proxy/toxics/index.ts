/**
 * The TCP toxics by type name, as Toxiproxy registers its own: a new toxic is one file beside this
 * one and one line in BUILT_IN. Everything that lists or checks toxics (the proxy, `tcp_fault`'s
 * parameters, the scenario parser's did-you-mean, docs/scenarios.md's test) asks this registry.
 * `registerToxic` adds one at run time (a driver's, a test's) and hands back its undo.
 */
import { didYouMean } from '../../text/suggest.js'
import {
  type Attributes,
  attributesOf,
  type Stream,
  type Toxic,
  toxicName,
  type ToxicPlugin
} from '../toxic.js'
import { bandwidth } from './bandwidth.js'
import { latency } from './latency.js'
import { limitData } from './limit-data.js'
import { loss } from './loss.js'
import { resetPeer } from './reset-peer.js'
import { slicer } from './slicer.js'
import { slowClose } from './slow-close.js'
import { timeout } from './timeout.js'

const BUILT_IN: readonly ToxicPlugin[] = [
  latency,
  bandwidth,
  slowClose,
  timeout,
  resetPeer,
  slicer,
  limitData,
  loss
]

/** `tcp_fault`'s own parameters, which no toxic attribute may take. */
export const TCP_FAULT_PARAMETERS = ['toxic', 'stream', 'toxicity', 'listen', 'upstream'] as const

const registry = new Map<string, ToxicPlugin>(BUILT_IN.map(plugin => [plugin.name, plugin]))

/**
 * Adds a toxic under its name; returns the undo that removes it. A name or a parameter that is
 * already `tcp_fault`'s own is refused, so the scenario file stays unambiguous.
 */
export function registerToxic(plugin: ToxicPlugin): () => void {
  if (registry.has(plugin.name) || plugin.name === 'down')
    throw new Error(`a toxic named '${plugin.name}' is already registered`)
  const taken = Object.values(plugin.attributes)
    .map(spec => spec.parameter)
    .filter(parameter => (TCP_FAULT_PARAMETERS as readonly string[]).includes(parameter))
  if (taken.length)
    throw new Error(
      `toxic '${plugin.name}': ${taken.join(', ')} is a parameter of tcp_fault itself`
    )
  registry.set(plugin.name, plugin)
  return () => {
    if (registry.get(plugin.name) === plugin) registry.delete(plugin.name)
  }
}

/** The plug-in of a toxic type, if registered. */
export function toxicPlugin(name: string): ToxicPlugin | undefined {
  return registry.get(name)
}

/** Every registered toxic, built-in ones first. */
export function toxicPlugins(): ToxicPlugin[] {
  return [...registry.values()]
}

/** Every scenario parameter some toxic takes, each once, in registration order. */
export function toxicParameters(): string[] {
  const all = toxicPlugins().flatMap(plugin =>
    Object.values(plugin.attributes).map(spec => spec.parameter)
  )
  return [...new Set(all)]
}

/** A toxic ready for the proxy: its plug-in, and every attribute set and checked. */
export interface ActiveToxic {
  name: string
  stream: Stream
  toxicity: number
  plugin: ToxicPlugin
  attributes: Attributes
}

/** Resolves a toxic against the registry; throws naming every problem (an unknown type or attribute, a value out of range). */
export function activate(toxic: Toxic): ActiveToxic {
  const plugin = registry.get(toxic.type)
  if (!plugin)
    throw new Error(
      `unknown toxic '${toxic.type}'.${didYouMean(toxic.type, [...registry.keys()])} Registered: ${[...registry.keys()].join(', ')}.`
    )
  const problems: string[] = []
  const attributes: Attributes = {}
  for (const [key, spec] of Object.entries(plugin.attributes)) {
    const value = toxic[key] ?? spec.default
    const ok =
      typeof value === 'number' &&
      value >= (spec.min ?? -Infinity) &&
      value <= (spec.max ?? Infinity)
    if (!ok) problems.push(`${key} must be a number from ${spec.min ?? '-∞'} to ${spec.max ?? '∞'}`)
    attributes[key] = value as number
  }
  const known = Object.keys(plugin.attributes)
  for (const key of Object.keys(attributesOf(toxic)))
    if (!known.includes(key))
      problems.push(`it has no attribute '${key}'.${didYouMean(key, known)}`)
  if (problems.length)
    throw new Error(`toxic '${toxicName(toxic)}' (${toxic.type}): ${problems.join('; ')}`)
  return {
    name: toxicName(toxic),
    stream: toxic.stream ?? 'downstream',
    toxicity: toxic.toxicity ?? 1,
    plugin,
    attributes
  }
}

/**
 * A seeded pseudo-random stream (mulberry32): the same seed gives the same numbers on every machine,
 * so a fault decided per request replays exactly from the seed kept in the journal.
 */
import type { Random } from './clock.js'

/** A uniform stream in [0, 1) from a 32-bit seed. */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Derives an independent stream for a named part (a scenario, a link) from one run seed. */
export function deriveSeed(seed: number, label: string): number {
  let hash = seed >>> 0
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193)
  return hash >>> 0
}

/** A fresh seed when the user gave none; it is printed and journaled so the run can be replayed. */
export function newSeed(random: Random = Math.random): number {
  return Math.floor(random() * 0xffffffff) >>> 0
}

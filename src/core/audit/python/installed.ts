/**
 * Reads installed-distribution metadata from site-packages folders the user points to, without
 * importing anything: each *.dist-info (or *.egg-info) gives its Name, its top_level.txt and the
 * package folders in its RECORD. Result: dotted module prefix → distributions.
 */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'

import type { InstalledIndex } from './mapping.js'

async function text(file: string): Promise<string> {
  return readFile(file, 'utf8').catch(() => '')
}

/** Module prefixes a RECORD's paths reveal: a/__init__.py → a; a/b/c.py → a, a.b, a.b.c (up to 3 levels). */
function recordPrefixes(record: string): Set<string> {
  const prefixes = new Set<string>()
  for (const line of record.split('\n')) {
    const file = line.split(',')[0] ?? ''
    if (
      !/\.(py|pyi|so|pyd)$/.test(file) ||
      file.startsWith('..') ||
      file.includes('.dist-info/') ||
      file.startsWith('__')
    )
      continue
    const parts = file
      .replace(/\.(py|pyi|so|pyd)$/, '')
      .replace(/\.cpython-[^.]+$/, '')
      .split('/')
    if (parts[parts.length - 1] === '__init__') parts.pop()
    for (let length = 1; length <= Math.min(3, parts.length); length++)
      prefixes.add(parts.slice(0, length).join('.'))
  }
  return prefixes
}

/** Indexes every distribution installed in `dirs`. */
export async function readInstalled(dirs: readonly string[]): Promise<InstalledIndex> {
  const index = new Map<string, string[]>()
  const add = (key: string, dist: string): void => {
    const list = index.get(key) ?? []
    if (!list.includes(dist)) list.push(dist)
    index.set(key, list)
  }
  for (const dir of dirs) {
    const entries = await readdir(dir).catch(() => [] as string[])
    for (const entry of entries.filter(name => /\.(dist|egg)-info$/.test(name))) {
      const meta = path.join(dir, entry)
      const metadata =
        (await text(path.join(meta, 'METADATA'))) || (await text(path.join(meta, 'PKG-INFO')))
      const dist =
        /^Name:\s*(.+)$/m.exec(metadata)?.[1]?.trim() ??
        entry.replace(/-[^-]+\.(dist|egg)-info$/, '')
      for (const top of (await text(path.join(meta, 'top_level.txt')))
        .split('\n')
        .map(s => s.trim())
        .filter(Boolean))
        add(top.replace(/\//g, '.'), dist)
      for (const prefix of recordPrefixes(await text(path.join(meta, 'RECORD')))) add(prefix, dist)
    }
  }
  return index
}

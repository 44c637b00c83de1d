/** File facts the checks share: is it executable, does it start with a shebang; and setting the bit. */
import { chmod, open, readdir, stat } from 'node:fs/promises'
import path from 'node:path'

export async function isExecutable(file: string): Promise<boolean> {
  return ((await stat(file)).mode & 0o111) !== 0
}

export async function hasShebang(file: string): Promise<boolean> {
  const handle = await open(file, 'r')
  try {
    const buffer = Buffer.alloc(2)
    const { bytesRead } = await handle.read(buffer, 0, 2, 0)
    return bytesRead === 2 && buffer.toString('latin1') === '#!'
  } finally {
    await handle.close()
  }
}

/** Adds the execute bits where there are read bits (chmod +x as git records it). */
export async function makeExecutable(file: string): Promise<void> {
  const mode = (await stat(file)).mode
  await chmod(file, mode | ((mode & 0o444) >> 2))
}

/** The regular files directly in `dir` (relative to `cwd`), or none when it does not exist. */
export async function filesIn(cwd: string, dir: string): Promise<string[]> {
  const entries = await readdir(path.join(cwd, dir), { withFileTypes: true }).catch(() => [])
  return entries.filter(e => e.isFile()).map(e => path.join(dir, e.name))
}

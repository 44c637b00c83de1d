/** Builds a tiny pure-Python wheel in a folder, so pip installs can be tested with no network. */
import { execFileSync } from 'node:child_process'

const BUILD = `
import sys, zipfile, os
out, dist, module = sys.argv[1], sys.argv[2], sys.argv[3]
name = dist.replace('-', '_')
info = f"{name}-1.0.dist-info"
path = os.path.join(out, f"{name}-1.0-py3-none-any.whl")
files = {
    f"{module}/__init__.py": "VALUE = 1\\n",
    f"{info}/METADATA": f"Metadata-Version: 2.1\\nName: {dist}\\nVersion: 1.0\\n",
    f"{info}/WHEEL": "Wheel-Version: 1.0\\nGenerator: chaos-ci-tests\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n",
    f"{info}/top_level.txt": module + "\\n",
}
files[f"{info}/RECORD"] = "".join(f"{f},,\\n" for f in files) + f"{info}/RECORD,,\\n"
with zipfile.ZipFile(path, "w") as wheel:
    for f, text in files.items():
        wheel.writestr(f, text)
print(path)
`

/** Writes `<dist>-1.0-py3-none-any.whl` (providing `module`) into `dir`; returns its path. */
export function buildWheel(dir: string, dist: string, module: string): string {
  return execFileSync('python3', ['-c', BUILD, dir, dist, module]).toString().trim()
}

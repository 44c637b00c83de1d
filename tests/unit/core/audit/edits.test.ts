import { describe, expect, it } from '@jest/globals'

import { unifiedDiff } from '../../../../src/core/audit/diff.js'
import {
  addToPackageJson,
  addToPep621,
  addToPoetry,
  addToRequirements
} from '../../../../src/core/audit/edits.js'

describe('format-preserving manifest edits', () => {
  it('appends to a requirements file, keeping comments and order', () => {
    expect(addToRequirements('# main\nb==1\na  # pinned later\n', 'PyYAML')).toBe(
      '# main\nb==1\na  # pinned later\nPyYAML\n'
    )
    expect(addToRequirements('x', 'y')).toBe('x\ny\n')
  })

  it('adds to a multi-line PEP 621 array with its indentation, keeping comments', () => {
    const before =
      '[project]\nname = "a"\ndependencies = [\n    "httpx>=0.27",  # the client\n    "pydantic"\n]\n\n[tool.x]\ny = 1\n'
    expect(addToPep621(before, 'PyYAML')).toBe(
      '[project]\nname = "a"\ndependencies = [\n    "httpx>=0.27",  # the client\n    "pydantic",\n    "PyYAML",\n]\n\n[tool.x]\ny = 1\n'
    )
  })

  it('adds to an inline or empty PEP 621 array, and creates one when missing', () => {
    expect(addToPep621('[project]\ndependencies = ["a"]\n', 'b')).toBe(
      '[project]\ndependencies = ["a", "b"]\n'
    )
    expect(addToPep621('[project]\ndependencies = []\n', 'b')).toBe(
      '[project]\ndependencies = ["b"]\n'
    )
    expect(addToPep621('[project]\nname = "x"\n', 'b')).toBe(
      '[project]\ndependencies = ["b"]\nname = "x"\n'
    )
    expect(addToPep621('[tool.poetry]\n', 'b')).toBeUndefined()
  })

  it("adds to Poetry's dependency table", () => {
    expect(
      addToPoetry(
        '[tool.poetry.dependencies]\npython = "^3.10"\nrequests = "^2"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n',
        'PyYAML'
      )
    ).toBe(
      '[tool.poetry.dependencies]\npython = "^3.10"\nrequests = "^2"\nPyYAML = "*"\n\n[tool.poetry.group.dev.dependencies]\npytest = "^8"\n'
    )
  })

  it('adds to package.json in sorted order with the same indentation', () => {
    const before =
      '{\n    "name": "x",\n    "dependencies": {\n        "b": "1",\n        "d": "1"\n    }\n}\n'
    expect(addToPackageJson('package.json', before, 'c', 'dependencies', '^2.0.0')).toBe(
      '{\n    "name": "x",\n    "dependencies": {\n        "b": "1",\n        "c": "^2.0.0",\n        "d": "1"\n    }\n}\n'
    )
  })
})

describe('unified diffs', () => {
  it('shows an insertion with context and correct ranges', () => {
    expect(unifiedDiff('r.txt', 'a\nb\nc\n', 'a\nb\nc\nd\n')).toBe(
      '--- a/r.txt\n+++ b/r.txt\n@@ -1,4 +1,5 @@\n a\n b\n c\n+d\n \n'.replace(/\n$/, '')
    )
  })

  it('is empty for equal texts', () => {
    expect(unifiedDiff('r.txt', 'a\n', 'a\n')).toBe('')
  })
})

"""The accuracy oracle for chaos-ci's Python import extraction: CPython's own ast.

Reads file paths (one per line) on stdin and prints one JSON object per line:
{"file": ..., "imports": ["<line>:<top-level name>", ...]} for files ast parses, or
{"file": ..., "error": "..."} for those it cannot. Absolute imports only (level 0), as the seed's
sentinel collected them. Uses ast.walk, which is iterative (a recursive visitor can hit RecursionError).
"""
import ast
import json
import sys
import warnings

warnings.simplefilter("ignore")

for path in sys.stdin.read().splitlines():
    try:
        with open(path, "rb") as handle:
            tree = ast.parse(handle.read(), filename=path)
    except (SyntaxError, ValueError, UnicodeDecodeError, RecursionError, MemoryError) as error:
        print(json.dumps({"file": path, "error": type(error).__name__}))
        continue
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.add(f"{node.lineno}:{alias.name.split('.')[0]}")
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(f"{node.lineno}:{node.module.split('.')[0]}")
    print(json.dumps({"file": path, "imports": sorted(found)}))

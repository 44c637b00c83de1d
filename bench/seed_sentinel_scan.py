"""The seed's way of finding imports, for `npm run bench` to compare against.

As scripts/chaos_dependency_sentinel.py did: walk every *.py under a folder (skipping paths with
__pycache__ or venv, and the folders chaos-ci also skips), ast.parse each file, ast.walk it and
collect the top-level name of every Import/ImportFrom. Prints one JSON line per file, then the
peak memory (KiB) on stderr.
"""
import ast
import json
import os
import resource
import sys
import warnings

warnings.simplefilter("ignore")
SKIP = set(sys.argv[2].split(",")) if len(sys.argv) > 2 else set()
root = sys.argv[1]
for folder, dirs, files in os.walk(root):
    dirs[:] = sorted(d for d in dirs if d not in SKIP and "venv" not in d and d != "__pycache__")
    for name in sorted(files):
        if not name.endswith(".py"):
            continue
        path = os.path.join(folder, name)
        try:
            with open(path, "rb") as handle:
                tree = ast.parse(handle.read())
        except (SyntaxError, ValueError, RecursionError):
            print(json.dumps({"file": os.path.relpath(path, root), "error": True}))
            continue
        found = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
        print(json.dumps({"file": os.path.relpath(path, root), "imports": sorted(found)}))
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)

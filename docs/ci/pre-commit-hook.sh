#!/bin/sh
# docs/ci.md's git hook: copy to .git/hooks/pre-commit (chmod +x). Lints the
# staged C++ sources that are in the compile database; --baseline keeps old
# findings out of the way.
files=$(git diff --cached --name-only --diff-filter=ACMR -- '*.cpp' '*.cc' '*.cxx')
[ -z "$files" ] && exit 0
in_db=$(python3 - build/compile_commands.json $files <<'EOF_PY'
import json, os, sys
db = {os.path.realpath(os.path.join(e["directory"], e["file"])) for e in json.load(open(sys.argv[1]))}
print(" ".join(f for f in sys.argv[2:] if os.path.realpath(f) in db))
EOF_PY
)
[ -z "$in_db" ] && exit 0
exec slicemap-lint -p build --quiet --baseline=slicemap-baseline.json $in_db

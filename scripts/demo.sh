#!/usr/bin/env bash
# Builds slicemap, then lints the bundled demo project (docs/demo) with all
# slicemap-* checks, the way a user runs it over their own compile database.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/build.sh"
cmake -S "$root/docs/demo" -B "$root/docs/demo/build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
echo
echo "== slicemap-tidy over docs/demo =="
"$root/build/bin/slicemap-tidy" -p "$root/docs/demo/build" --checks='-*,slicemap-*' \
  "$root"/docs/demo/*.cpp

#!/usr/bin/env bash
# Installs the Debian packages slicemap needs, then configures and builds it
# into build/, or into $SM_BUILD_DIR when set (reused: later runs are
# incremental).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SM_BUILD_DIR:-$root/build}
bash "$root/scripts/install-deps.sh"
if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$build"

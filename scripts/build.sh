#!/usr/bin/env bash
# Installs the Debian packages slicemap needs, then configures and builds it
# into build/ (reused: later runs are incremental).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bash "$root/scripts/install-deps.sh"
if [[ ! -f "$root/build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$root/build" -G Ninja \
    -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_BUILD_TYPE=Release
fi
cmake --build "$root/build"

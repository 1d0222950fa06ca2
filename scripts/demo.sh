#!/usr/bin/env bash
# Builds slicemap, then the bundled demo program (docs/demo): runs it, so the
# lost data shows ("expected 4, got 2"), then lints it with slicemap-lint,
# whose findings explain each loss. SM_DEMO_SKIP_SETUP=1 skips installing
# packages and building slicemap (the test suite runs the rest).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SM_BUILD_DIR:-$root/build}
demo_build=${SM_DEMO_BUILD_DIR:-$root/docs/demo/build}
if [[ -z "${SM_DEMO_SKIP_SETUP:-}" ]]; then
  bash "$root/scripts/build.sh"
fi
# clang's -Wunused-result (from the runtime's [[nodiscard]] append) flags
# the same two lines as slicemap-discarded-append: one mistake, which the
# lint step explains with its fix, so the build does not report it twice.
cmake -S "$root/docs/demo" -B "$demo_build" -G Ninja \
  -DCMAKE_CXX_COMPILER=clang++-22 -DCMAKE_CXX_FLAGS=-Wno-unused-result \
  -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$demo_build" >/dev/null
echo
echo "== the demo program runs and loses data =="
"$demo_build/inventory"
echo
echo "== slicemap-lint explains each loss =="
echo "(the build passed -Wno-unused-result: clang's [[nodiscard]] warning on"
echo " append is the same mistake as slicemap-discarded-append below)"
status=0
"$build/bin/slicemap-lint" -p "$demo_build" --progress=never || status=$?
# 1: findings, as expected here; anything else is a real failure.
[[ $status -eq 1 ]]

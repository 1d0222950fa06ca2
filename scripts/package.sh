#!/usr/bin/env bash
# Builds the Debian package slicemap_<version>_<arch>.deb (CPack, see
# cmake/SlicemapPackage.cmake) into build/, or into $SM_BUILD_DIR when set,
# after an incremental build (scripts/build.sh). Prints the package's path
# as its last line.
#
#   bash scripts/package.sh && apt-get install ./build/slicemap_*_amd64.deb
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${SM_BUILD_DIR:-$root/build}
bash "$root/scripts/build.sh" >&2
version=$(sed -n 's/^project(slicemap VERSION \([0-9.]*\).*/\1/p' "$root/CMakeLists.txt")
deb="$build/slicemap_${version}_$(dpkg --print-architecture).deb"
rm -f "$deb"
(cd "$build" && cpack -G DEB -B "$build") >&2
[[ -f "$deb" ]] || { echo "package: cpack wrote no $deb" >&2; exit 2; }
echo "$deb"

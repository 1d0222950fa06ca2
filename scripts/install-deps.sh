#!/usr/bin/env bash
# Installs everything slicemap needs from Debian 12 packages. Idempotent: a
# second run installs nothing new. Run as root (or with sudo available).
#
#   scripts/install-deps.sh          build + test dependencies
#   scripts/install-deps.sh --bench  also the benchmark peers (Abseil, Boost, Go)
set -euo pipefail

packages=(
  # LLVM/Clang 22: compiler, libraries and headers the checks build against,
  # the stock clang-tidy/clangd we plug into, and lit/FileCheck for tests.
  clang-22 libclang-22-dev llvm-22-dev llvm-22-tools clang-tidy-22 clangd-22
  libclang-rt-22-dev clang-format-22
  # Debian's ClangTargets.cmake names clangd's remote-index dependencies.
  libgrpc++-dev libprotobuf-dev
  # Build system and runtime test/bench frameworks.
  cmake ninja-build python3 libgtest-dev libgmock-dev libbenchmark-dev
  # The Debian package (scripts/package.sh): man pages from --help, and
  # dpkg-shlibdeps (which needs file) for its Depends.
  help2man dpkg-dev file
  # The docs/ci recipes' tests (test/tools/ci-*.test): the Action's YAML,
  # its release download, the GitLab job's jq, the git hook. Debian's
  # pre-commit is optional (its test is UNSUPPORTED without it).
  python3-yaml curl jq git
)
if [[ "${1:-}" == "--bench" ]]; then
  packages+=(libabsl-dev libboost1.81-dev golang-1.19-go gnuplot-nox linux-perf valgrind)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  echo "install-deps: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo_cmd=()
if ((EUID != 0)); then
  command -v sudo >/dev/null || { echo "install-deps: run as root (missing: ${missing[*]})" >&2; exit 2; }
  sudo_cmd=(sudo)
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -q
"${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"

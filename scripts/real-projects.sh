#!/usr/bin/env bash
# Runs every slicemap check over real projects and prints one table row per
# project: translation units, findings per check, functions cut short by the
# analysis budget, TUs that failed. The findings themselves are triaged by
# hand in docs/accuracy.md; this script only gathers them.
#
#   bash scripts/real-projects.sh [options] PROJECT[=BUILD_DIR] ...
#
#   PROJECT      a checked-out project (never inside this repository)
#   BUILD_DIR    its CMake build directory with compile_commands.json
#                (default PROJECT/build)
# Options:
#   -o DIR            where the per-project reports go (default /tmp/slicemap-real)
#   -j N              translation units in parallel (default 2)
#   --lint PATH       slicemap-lint to run (default: this tree's build/bin)
#   --exclude REGEX   drop TUs whose path relative to their project matches
#                     (Python re.search; repeatable) - e.g. TUs that need
#                     headers generated at build time
#
# Each project's database is filtered first: only TUs inside the project and
# outside its build directory (no FetchContent copies of other projects, no
# generated sources, no TU analysed twice when one project's build compiles
# another's sources). All slicemap checks run whatever the project's own
# .clang-tidy says (--checks='-*,slicemap-*'), and findings in every header of
# the project are reported (--header-filter: the project's directory; a
# project's HeaderFilterRegex often hides all headers). Findings in the build
# directory are counted apart and left out of the table. -Wno-error: a
# project's -Werror turns a deprecation warning into a compile error, and a TU
# with errors is not analysed.
#
# Output per project in DIR/NAME/: report.json (slicemap-lint --format=json),
# stderr.txt, findings.txt (one line per finding: path:line:col check message,
# then its notes, indented) and seconds.txt (wall time of the run).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=/tmp/slicemap-real
jobs=2
lint="$root/build/bin/slicemap-lint"
excludes=()
projects=()
while (($#)); do
  case "$1" in
  -o) out=$2; shift 2 ;;
  -j) jobs=$2; shift 2 ;;
  --lint) lint=$2; shift 2 ;;
  --exclude) excludes+=("$2"); shift 2 ;;
  -h | --help) sed -n '2,31p' "${BASH_SOURCE[0]}"; exit 0 ;;
  -*) echo "real-projects.sh: unknown option $1" >&2; exit 2 ;;
  *) projects+=("$1"); shift ;;
  esac
done
((${#projects[@]})) || { echo "real-projects.sh: no project given (--help)" >&2; exit 2; }
[[ -x "$lint" ]] || { echo "real-projects.sh: $lint not built" >&2; exit 2; }
mkdir -p "$out"

# Writes DIR/NAME/compile_commands.json: the project's TUs only.
filter_database() { # project build dest
  python3 - "$1" "$2" "$3" "${excludes[@]+"${excludes[@]}"}" <<'EOF'
import json, os, re, sys
project, build, dest, *excludes = sys.argv[1:]
project, build = os.path.realpath(project), os.path.realpath(build)
kept = []
for entry in json.load(open(os.path.join(build, "compile_commands.json"))):
    path = os.path.realpath(os.path.join(entry["directory"], entry["file"]))
    rel = os.path.relpath(path, project)
    if rel.startswith("..") or path.startswith(build + os.sep):
        continue
    if any(re.search(x, rel) for x in excludes):
        continue
    kept.append(entry)
json.dump(kept, open(dest, "w"), indent=1)
EOF
}

for spec in "${projects[@]}"; do
  project=$(cd "${spec%%=*}" && pwd)
  build=$project/build
  [[ "$spec" == *=* ]] && build=$(cd "${spec#*=}" && pwd)
  name=$(basename "$project")
  dir="$out/$name"
  mkdir -p "$dir"
  filter_database "$project" "$build" "$dir/compile_commands.json"
  escaped=$(printf '%s' "$project/" | sed 's/[][\.*^$+?(){}|]/\\&/g')
  start=$(date +%s.%N)
  status=0
  "$lint" -p "$dir/compile_commands.json" --format=json -o "$dir/report.json" \
    --checks='-*,slicemap-*' --header-filter="^$escaped" \
    --project-root="$project" -j "$jobs" --progress=never --extra-arg=-Wno-error \
    2>"$dir/stderr.txt" || status=$?
  end=$(date +%s.%N)
  echo "$end - $start" | bc >"$dir/seconds.txt"
  echo "$status" >"$dir/status.txt"
  echo "$build" >"$dir/build.txt"
  commit=$(git -C "$project" rev-parse --verify -q HEAD 2>/dev/null) || commit=unknown
  echo "$commit" >"$dir/commit.txt"
done

python3 - "$out" "${projects[@]}" <<'EOF'
import json, os, sys
out, specs = sys.argv[1], sys.argv[2:]
checks = ["dangling-view", "discarded-append", "lost-update", "nil-map-write", "shared-append"]
head = ["project", "commit", "TUs", "failed"] + checks + ["budget", "in-build", "seconds"]
rows = []
for spec in specs:
    name = os.path.basename(os.path.realpath(spec.split("=")[0]))
    d = os.path.join(out, name)
    build = open(os.path.join(d, "build.txt")).read().strip()
    try:
        report = json.load(open(os.path.join(d, "report.json")))
    except (OSError, ValueError):
        rows.append([name, "-", "-", "no report (see %s/stderr.txt)" % d])
        continue
    kept, in_build = [], 0
    for f in report["findings"]:
        if os.path.realpath(f["location"]["file"]).startswith(build + os.sep):
            in_build += 1
        else:
            kept.append(f)
    with open(os.path.join(d, "findings.txt"), "w") as listing:
        for f in kept:
            listing.write("%s:%d:%d %s %s\n" % (f["path"], f["location"]["line"],
                          f["location"]["column"], f["check"], f["message"]))
            for n in f.get("notes", []):
                listing.write("    note %s:%d: %s\n" % (os.path.relpath(n["location"]["file"],
                              report["projectRoot"]), n["location"]["line"], n["message"]))
    per = {c: 0 for c in checks}
    for f in kept:
        per[f["check"].replace("slicemap-", "")] += 1
    s = report["summary"]
    rows.append([name, open(os.path.join(d, "commit.txt")).read().strip()[:12],
                 str(s["translationUnits"]), str(s["failed"])]
                + [str(per[c]) for c in checks]
                + [str(s.get("cutShort", 0)), str(in_build),
                   "%.0f" % float(open(os.path.join(d, "seconds.txt")).read())])
    for e in report.get("errors", []):
        print("%s: error: %s: %s" % (name, e["file"], e["message"]), file=sys.stderr)
    for c in report.get("cutShort", []):
        print("%s: budget: %s:%d %s (%s)" % (name, c["path"], c["location"]["line"],
              c["function"], c["check"]), file=sys.stderr)
widths = [max(len(r[i]) if i < len(r) else 0 for r in rows + [head]) for i in range(len(head))]
for r in [head] + rows:
    print(" | ".join(c.ljust(w) for c, w in zip(r, widths)))
EOF

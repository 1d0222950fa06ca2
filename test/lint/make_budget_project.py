#!/usr/bin/env python3
"""Writes a project whose functions exhaust a tiny analysis budget, with its
compile database, for test/lint/budget.test.

  make_budget_project.py DEST [--cut N]

DEST/.clang-tidy enables slicemap-dangling-view with AnalysisBudget 50.
src/cut.cpp holds N functions cut0..cutN-1, each with a dangling reference
before its loops (found on the paths analysed) and loops the budget does
not cover; src/quiet.cpp one function, quiet, cut short without a finding;
src/small.cpp a function within the budget.
"""

import argparse
import json
import os
import shutil

HEADER = "#include <vector>\nbool flag(int);\nvoid use(int);\n"

LOOPS = """  for (int i = 0; i < 100; ++i) {{
    int &r = v[1];
    if (flag(i))
      {grow};
    while (flag(i + 1)) {{
      if (flag(i + 2))
        break;
    }}
    use(r);
  }}
"""

CUT = """
void {name}(std::vector<int> &v) {{
  int &first = v[0];
  v.push_back(1);
  use(first);
{loops}}}
"""

QUIET = """
void quiet(std::vector<int> &v) {{
{loops}}}
"""

SMALL = """
void small(std::vector<int> &v) { v.push_back(1); }
"""

CONFIG = """Checks: '-*,slicemap-dangling-view'
CheckOptions:
  slicemap-dangling-view.AnalysisBudget: '50'
"""


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("dest")
    parser.add_argument("--cut", type=int, default=7)
    args = parser.parse_args()

    dest = os.path.abspath(args.dest)
    if os.path.exists(dest):
        shutil.rmtree(dest)
    os.makedirs(os.path.join(dest, "src"))
    os.makedirs(os.path.join(dest, "build"))
    with open(os.path.join(dest, ".clang-tidy"), "w") as f:
        f.write(CONFIG)
    sources = {
        "cut.cpp": HEADER + "".join(
            CUT.format(name="cut%d" % i, loops=LOOPS.format(grow="v.push_back(i)"))
            for i in range(args.cut)),
        "quiet.cpp": HEADER + QUIET.format(loops=LOOPS.format(grow="use(i)")),
        "small.cpp": HEADER + SMALL,
    }
    entries = []
    for name, text in sorted(sources.items()):
        path = os.path.join(dest, "src", name)
        with open(path, "w") as f:
            f.write(text)
        entries.append({"directory": os.path.join(dest, "build"), "file": path,
                        "arguments": ["clang++-22", "-std=c++20", "-c", path]})
    with open(os.path.join(dest, "build", "compile_commands.json"), "w") as f:
        json.dump(entries, f, indent=2)


if __name__ == "__main__":
    main()

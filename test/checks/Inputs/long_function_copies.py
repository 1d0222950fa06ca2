#!/usr/bin/env python3
"""Writes a C++ file with one function of over 2,000 lines and hundreds of
copies - modified in loops and branches, each read again later - ending in
one lost modification, so a test can check that the liveness analysis
finishes (and does not give up) on it, and stays silent on the rest."""

lines = ["#include <map>", "#include <vector>", "bool flag(int);",
         "void use(const std::vector<int> &);",
         "void huge(std::map<int, std::vector<int>> &table) {"]
for i in range(150):
    lines += [
        "  auto v%d = table[%d];" % (i, i),
        "  for (int k = 0; k < 4; ++k) {",
        "    if (flag(k))",
        "      continue;",
        "    v%d.push_back(k);" % i,
        "  }",
        "  if (flag(%d)) {" % i,
        "    v%d.clear();" % i,
        "  } else {",
        "    v%d.resize(%d);" % (i, i),
        "  }",
        "  use(v%d);" % i,
        "  int n%d = table[%d].front();" % (i, i + 1000),
        "  while (flag(n%d))" % i,
        "    n%d++;" % i,
    ]
lines += ["  auto last = table[-1];",
          "  last.push_back(1);",
          "  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'last' is a copy of 'table[-1]'; this modification is lost",
          "}"]
assert len(lines) > 2000
print("\n".join(lines))

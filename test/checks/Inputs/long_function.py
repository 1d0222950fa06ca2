#!/usr/bin/env python3
"""Writes a C++ file with one function of over 2,000 lines - maps made on
some branches, loops, is_nil() guards - ending in one certain nil write, so a
test can check that the analysis finishes (and does not give up) on it."""

lines = ["#include <slicemap/map.hpp>", "bool flag(int);", "void huge() {"]
for i in range(120):
    lines += [
        "  slicemap::Map<int, int> m%d;" % i,
        "  if (flag(%d))" % i,
        "    m%d = slicemap::make_map<int, int>();" % i,
        "  for (int k = 0; k < 4; ++k) {",
        "    if (m%d.is_nil())" % i,
        "      m%d = slicemap::make_map<int, int>();" % i,
        "    m%d[k] = k;" % i,
        "    if (flag(k))",
        "      continue;",
        "    m%d.erase(k);" % i,
        "  }",
        "  while (flag(%d)) {" % (i + 1000),
        "    if (!m%d.is_nil())" % i,
        "      m%d.set(1, 2);" % i,
        "    break;",
        "  }",
        "  (void)m%d.get(3);" % i,
    ]
lines += ["  slicemap::Map<int, int> last;",
          "  last.set(1, 1);",
          "  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: assignment to entry in nil map 'last'",
          "}"]
assert len(lines) > 2000
print("\n".join(lines))

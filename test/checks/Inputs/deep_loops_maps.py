#!/usr/bin/env python3
"""Writes a C++ file with one function of 64 nested while loops for
slicemap-nil-map-write (argument `nil`: each level declares a map, makes it
on one branch only, then writes to it) or slicemap-lost-update (argument
`copies`: each level modifies a copy of a stored value and never reads it).
Every level is reported: the analysis must finish (not give up on the
nesting) and keep each level's facts apart."""

import sys

DEPTH = 64
kind = sys.argv[1]
if kind not in ("nil", "copies"):
    sys.exit("usage: deep_loops_maps.py nil|copies")
lines = ["#include <slicemap/map.hpp>", "#include <vector>", "bool flag(int);",
         "void deep(slicemap::Map<int, std::vector<int>> &table) {"]
for i in range(DEPTH):
    indent = "  " * (i + 1)
    lines.append(indent + "while (flag(%d)) {" % i)
    if kind == "nil":
        lines += [
            indent + "  slicemap::Map<int, int> m%d;" % i,
            indent + "  if (flag(%d))" % (i + 1000),
            indent + "    m%d = slicemap::make_map<int, int>();" % i,
            indent + "  m%d.set(%d, %d);" % (i, i, i),
            indent + "  // CHECK-MESSAGES: :[[@LINE-1]]:%d: warning: 'm%d' may be nil "
            "here" % (len(indent) + 5 + len(str(i)), i),
        ]
    else:
        lines += [
            indent + "  auto c%d = table.get(%d);" % (i, i),
            indent + "  if (flag(%d))" % (i + 1000),
            indent + "    c%d.push_back(%d);" % (i, i),
            indent + "  // CHECK-MESSAGES: :[[@LINE-1]]:%d: warning: 'c%d' is a copy of "
            "'table.get(%d)'; this modification is lost" % (len(indent) + 5, i, i),
        ]
for i in reversed(range(DEPTH)):
    lines.append("  " * (i + 1) + "}")
lines.append("}")
print("\n".join(lines))

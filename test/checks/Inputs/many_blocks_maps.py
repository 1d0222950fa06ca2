#!/usr/bin/env python3
"""Writes a C++ file with one function of more than 20,000 CFG blocks
(7,000 guarded statements) for slicemap-nil-map-write (argument `nil`) or
slicemap-lost-update (argument `copies`): ordinary generated code, which the
analysis must finish and report on, silent on the guarded statements."""

import sys

COUNT = 7000
kind = sys.argv[1]
if kind == "nil":
    lines = ["#include <slicemap/map.hpp>", "bool flag(int);", "void use(int);",
             "void huge() {",
             "  slicemap::Map<int, int> m;",
             "  auto made = slicemap::make_map<int, int>();"]
    for i in range(COUNT):
        lines.append("  if (flag(%d)) made.set(%d, %d); else use(%d);" % (i, i, i, i))
    lines += ["  m.set(1, 1);",
              "  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in "
              "nil map 'm': this write always panics [slicemap-nil-map-write]",
              "}"]
elif kind == "copies":
    lines = ["#include <map>", "#include <vector>", "bool flag(int);", "void use(int);",
             "void huge(std::map<int, std::vector<int>> &table) {",
             "  auto kept = table[0];"]
    for i in range(COUNT):
        lines.append("  if (flag(%d)) kept.push_back(%d); else use(%d);" % (i, i, i))
    lines += ["  table[0] = kept;",
              "  auto last = table[1];",
              "  last.push_back(1);",
              "  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'last' is a copy of "
              "'table[1]'; this modification is lost when 'last' goes out of scope "
              "[slicemap-lost-update]",
              "}"]
else:
    sys.exit("usage: many_blocks_maps.py nil|copies")
print("\n".join(lines))

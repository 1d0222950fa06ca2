#!/usr/bin/env python3
"""Writes a C++ file with one function of 64 nested while loops; each loop
takes a reference into a vector, may grow the vector, then reads the
reference. Every level's read is reported: the analysis must finish (not
give up on the nesting) and keep each level's facts apart."""

DEPTH = 64
lines = ["#include <vector>", "bool flag(int);", "void use(int);",
         "void deep(std::vector<int> &v) {"]
for i in range(DEPTH):
    indent = "  " * (i + 1)
    lines += [
        indent + "while (flag(%d)) {" % i,
        indent + "  int &r%d = v[%d];" % (i, i),
        indent + "  if (flag(%d))" % (i + 1000),
        indent + "    v.push_back(%d);" % i,
        indent + "  use(r%d);" % i,
        indent + "  // CHECK-MESSAGES: :[[@LINE-1]]:%d: warning: 'r%d' may dangle: "
        "it points into 'v', which may have moved its elements since (on some "
        "path)" % (len(indent) + 7, i),
    ]
for i in reversed(range(DEPTH)):
    lines.append("  " * (i + 1) + "}")
lines.append("}")
print("\n".join(lines))

#!/usr/bin/env python3
"""Writes a C++ file with one function of more than 20,000 CFG blocks
(7,000 guarded statements) between making a view and reading it: ordinary
generated code, which the analysis must finish and report on."""

COUNT = 7000
lines = ["#include <vector>", "bool flag(int);", "void use(int);",
         "void huge(std::vector<int> &v, std::vector<int> &w) {",
         "  int &first = v[0];"]
for i in range(COUNT):
    lines.append("  if (flag(%d)) w.push_back(%d); else use(%d);" % (i, i, i))
lines += ["  v.push_back(1);",
          "  use(first);",
          "  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it "
          "points into 'v', which may have moved its elements since "
          "[slicemap-dangling-view]",
          "}"]
print("\n".join(lines))

#!/usr/bin/env python3
"""Writes loops nested DEPTH deep, each appending to two function-level
slices, for test/checks/slicemap-shared-append-loops.test. Each loop lowers
what is known of the slices' capacity once more on its back edge; without
widening, every such step re-ran all the loops nested inside (work growing
with depth x size), and the budget the test sets ran out."""
import sys

DEPTH = int(sys.argv[1]) if len(sys.argv) > 1 else 60

print("#include <slicemap/slice.hpp>")
print("using slicemap::append;")
print("using slicemap::make_slice;")
print("using slicemap::Slice;")
print("int use(const Slice<int> &);")
print("bool flag(int);")
print("int deepLoops() {")
print("  Slice<int> s = make_slice<int>(4, 8);")
for k in range(4):
    print("  Slice<int> u%d = make_slice<int>(%d, %d);" % (k, k + 1, 16 << k))
print("  Slice<int> t;")
print("  int total = 0;")
for level in range(DEPTH):
    pad = "  " * (level + 1)
    print("%sfor (int i%d = 0; i%d < %d; ++i%d) {" % (pad, level, level, 2 + level % 3, level))
    print("%s  s = append(s, i%d);" % (pad, level))
    for k in range(4):
        print("%s  if (flag(i%d))" % (pad, level))
        print("%s    u%d = append(u%d, i%d, %d);" % (pad, k, k, level, k))
    print("%s  total += use(s) + use(u%d);" % (pad, level % 4))
pad = "  " * (DEPTH + 1)
print("%st = append(s.sub(0, 2), 1);" % pad)
print("%s// CHECK-MESSAGES: :[[@LINE-1]]:%d: warning: append to 's.sub(0, 2)' may write into the backing array it shares with 's' and overwrite 's[2]' (it does whenever the capacity allows); 's' is read after it [slicemap-shared-append]" % (pad, len(pad) + 5))
print("%stotal += use(t) + use(s);" % pad)
for level in reversed(range(DEPTH)):
    print("  " * (level + 1) + "}")
print("  return total;")
print("}")

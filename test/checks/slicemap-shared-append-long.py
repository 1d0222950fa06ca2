#!/usr/bin/env python3
"""Writes a 1,900-line function with 241 slice variables (under the
analysis' cap of 256), branches and loops, for
test/checks/slicemap-shared-append-long.test: every sub-slice append whose
parent is never read again stays silent, and the one at the end, whose
parent is read, is reported."""

COUNT = 120

print("#include <slicemap/slice.hpp>")
print("using slicemap::append;")
print("using slicemap::make_slice;")
print("using slicemap::Slice;")
print("int use(const Slice<int> &);")
print("int use(const Slice<int> &, const Slice<int> &);")
print("bool flag(int);")
print("int longFunction(Slice<int> first) {")
print("  int total = 0;")
for i in range(COUNT):
    print("  auto s%d = make_slice<int>(4, 8);" % i)
    print("  Slice<int> t%d;" % i)
    print("  if (flag(%d)) {" % i)
    print("    t%d = append(s%d.sub(0, 2), %d);" % (i, i, i))
    print("  } else {")
    print("    for (int k = 0; k < %d; ++k) {" % (i % 5 + 1))
    print("      total += k;")
    print("      if (flag(k))")
    print("        break;")
    print("      total -= 1;")
    print("    }")
    print("    total += %d;" % i)
    print("    total *= 2;")
    print("    total /= 3;")
    print("  }")
    print("  total += use(t%d);" % i)
print("  auto last = append(first.sub(0, 1), 1);")
print("  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: append to 'first.sub(0, 1)' may write into the backing array it shares with 'first' and overwrite 'first[1]' (it does whenever the capacity allows); 'first' is read after it [slicemap-shared-append]")
print("  return total + use(first, last);")
print("}")

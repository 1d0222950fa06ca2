// A budget that runs out is visible, and the writes nil on the paths the
// analysis completed are still reported - as possibly nil, since a path not
// analysed may make the map.
// RUN: %slicemap_tidy -checks='-*,slicemap-nil-map-write' %s \
// RUN:   -config="{CheckOptions: {slicemap-nil-map-write.AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// RUN: %clang_tidy_plugin -checks='-*,slicemap-nil-map-write' %s \
// RUN:   -config="{CheckOptions: {slicemap-nil-map-write.AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// The global option, and the deprecated MaxBlocks (blocks x 2000 units).
// RUN: %slicemap_tidy -checks='-*,slicemap-nil-map-write' %s \
// RUN:   -config="{CheckOptions: {AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// RUN: %slicemap_tidy -checks='-*,slicemap-nil-map-write' %s \
// RUN:   -config="{CheckOptions: {slicemap-nil-map-write.MaxBlocks: '0'}}" \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 | FileCheck %s --check-prefix=ZERO
// RUN: %slicemap_tidy -checks='-*,slicemap-nil-map-write' %s \
// RUN:   -config="{CheckOptions: {slicemap-nil-map-write.MaxBlocks: '3'}}" \
// RUN:   --dump-config -- -std=c++20 \
// RUN:   | FileCheck %s --check-prefix=ALIAS --implicit-check-not=MaxBlocks
// With the default budget the whole function is analysed, without a remark.
// RUN: %slicemap_tidy -checks='-*,slicemap-nil-map-write' %s \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FULL --implicit-check-not=remark:

// ALIAS: slicemap-nil-map-write.AnalysisBudget: '6000'
// ALIAS-NEXT: slicemap-nil-map-write.WarnOnMaybeNil: 'true'

#include <slicemap/map.hpp>

bool flag(int);

void cut() {
  // CUT: :[[@LINE-1]]:6: remark: analysis budget ran out in 'cut' after {{[0-9]+}} work units; findings on the paths analysed are reported, others may be missing [slicemap-nil-map-write]
  // CUT: :[[@LINE-2]]:6: note: raise the budget with the option 'slicemap-nil-map-write.AnalysisBudget' (now 60), or split the function
  // ZERO: :[[@LINE-3]]:6: remark: analysis budget ran out in 'cut'
  // ZERO: note: raise the budget with the option 'slicemap-nil-map-write.AnalysisBudget' (now 0)
  slicemap::Map<int, int> m;
  m.set(1, 1);
  // CUT: :[[@LINE-1]]:5: warning: 'm' may be nil here: on that path this write panics
  // FULL: :[[@LINE-2]]:5: warning: assignment to entry in nil map 'm': this write always panics
  slicemap::Map<int, int> n;
  for (int i = 0; i < 100; ++i) {
    if (flag(i))
      n = slicemap::make_map<int, int>();
    while (flag(i + 1)) {
      if (flag(i + 2))
        break;
    }
    n.set(i, i);
    // FULL: :[[@LINE-1]]:7: warning: 'n' may be nil here
  }
}

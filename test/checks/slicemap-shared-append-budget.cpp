// A budget that runs out is visible. The sharing and the liveness analyses
// spend one budget; when it runs out in either, nothing is reported for the
// function (a partial sharing or liveness would give false findings), but
// the remark names it.
// RUN: %slicemap_tidy -checks='-*,slicemap-shared-append' %s \
// RUN:   -config="{CheckOptions: {slicemap-shared-append.AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=CUT,CUT60 --implicit-check-not=warning:
// RUN: %clang_tidy_plugin -checks='-*,slicemap-shared-append' %s \
// RUN:   -config="{CheckOptions: {slicemap-shared-append.AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 \
// RUN:   | FileCheck %s --check-prefixes=CUT,CUT60 --implicit-check-not=warning:
// Enough for the sharing (about 250 units here), not for the liveness too:
// RUN: %slicemap_tidy -checks='-*,slicemap-shared-append' %s \
// RUN:   -config="{CheckOptions: {AnalysisBudget: '330'}}" \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// The deprecated MaxBlocks (blocks x 2000 units).
// RUN: %slicemap_tidy -checks='-*,slicemap-shared-append' %s \
// RUN:   -config="{CheckOptions: {slicemap-shared-append.MaxBlocks: '0'}}" \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 | FileCheck %s --check-prefix=ZERO
// With the default budget the whole function is analysed, without a remark.
// RUN: %slicemap_tidy -checks='-*,slicemap-shared-append' %s \
// RUN:   -- -std=c++20 -I %runtime_include 2>&1 \
// RUN:   | FileCheck %s --check-prefix=FULL --implicit-check-not=remark:

#include <slicemap/slice.hpp>

bool flag(int);
int use(const slicemap::Slice<int> &);

void cut() {
  // CUT: :[[@LINE-1]]:6: remark: analysis budget ran out in 'cut' after {{[0-9]+}} work units
  // CUT60: :[[@LINE-2]]:6: note: raise the budget with the option 'slicemap-shared-append.AnalysisBudget' (now 60), or split the function
  // ZERO: :[[@LINE-3]]:6: remark: analysis budget ran out in 'cut'
  // ZERO: note: raise the budget with the option 'slicemap-shared-append.AnalysisBudget' (now 0)
  auto s = slicemap::make_slice<int>(4, 8);
  auto t = slicemap::append(s.sub(0, 2), 9);
  // FULL: :[[@LINE-1]]:12: warning: append to 's.sub(0, 2)' writes into the backing array it shares with 's' and overwrites 's[2]'; 's' is read after it
  use(s);
  for (int i = 0; i < 100; ++i) {
    while (flag(i + 1)) {
      if (flag(i + 2))
        break;
    }
    use(t);
  }
}

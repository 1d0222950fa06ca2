// A budget that runs out is visible, and the findings of the paths the
// analysis completed are still reported.
// RUN: %slicemap_tidy -checks='-*,slicemap-dangling-view' %s \
// RUN:   -config="{CheckOptions: {slicemap-dangling-view.AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// RUN: %clang_tidy_plugin -checks='-*,slicemap-dangling-view' %s \
// RUN:   -config="{CheckOptions: {slicemap-dangling-view.AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// The global option and the deprecated MaxBlocks (blocks x 2000 units) too.
// RUN: %slicemap_tidy -checks='-*,slicemap-dangling-view' %s \
// RUN:   -config="{CheckOptions: {AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// RUN: %slicemap_tidy -checks='-*,slicemap-dangling-view' %s \
// RUN:   -config="{CheckOptions: {slicemap-dangling-view.MaxBlocks: '0'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=ZERO
// With the default budget the whole function is analysed, without a remark.
// RUN: %slicemap_tidy -checks='-*,slicemap-dangling-view' %s -- -std=c++20 \
// RUN:   2>&1 | FileCheck %s --check-prefix=FULL --implicit-check-not=remark:

#include <vector>
bool flag(int);
void use(int);

void cut(std::vector<int> &v) {
  // CUT: :[[@LINE-1]]:6: remark: analysis budget ran out in 'cut' after {{[0-9]+}} work units; findings on the paths analysed are reported, others may be missing [slicemap-dangling-view]
  // CUT: :[[@LINE-2]]:6: note: raise the budget with the option 'slicemap-dangling-view.AnalysisBudget' (now 60), or split the function
  // ZERO: :[[@LINE-3]]:6: remark: analysis budget ran out in 'cut'
  // ZERO: note: raise the budget with the option 'slicemap-dangling-view.AnalysisBudget' (now 0)
  int &first = v[0];
  v.push_back(1);
  use(first);
  // CUT: :[[@LINE-1]]:7: warning: 'first' may dangle
  // FULL: :[[@LINE-2]]:7: warning: 'first' may dangle
  for (int i = 0; i < 100; ++i) {
    int &r = v[1];
    if (flag(i))
      v.push_back(i);
    while (flag(i + 1)) {
      if (flag(i + 2))
        break;
    }
    use(r);
    // FULL: :[[@LINE-1]]:9: warning: 'r' may dangle
  }
}

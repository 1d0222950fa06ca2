// A budget that runs out is visible. A partial liveness would miss reads,
// so only what holds without it is reported then: a copy read nowhere.
// RUN: %slicemap_tidy -checks='-*,slicemap-lost-update' %s \
// RUN:   -config="{CheckOptions: {slicemap-lost-update.AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// RUN: %clang_tidy_plugin -checks='-*,slicemap-lost-update' %s \
// RUN:   -config="{CheckOptions: {slicemap-lost-update.AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// The global option, and the deprecated MaxBlocks (blocks x 2000 units).
// RUN: %slicemap_tidy -checks='-*,slicemap-lost-update' %s \
// RUN:   -config="{CheckOptions: {AnalysisBudget: '60'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=CUT --implicit-check-not=warning:
// RUN: %slicemap_tidy -checks='-*,slicemap-lost-update' %s \
// RUN:   -config="{CheckOptions: {slicemap-lost-update.MaxBlocks: '0'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=ZERO
// With the default budget the whole function is analysed, without a remark.
// RUN: %slicemap_tidy -checks='-*,slicemap-lost-update' %s -- -std=c++20 \
// RUN:   2>&1 | FileCheck %s --check-prefix=FULL --implicit-check-not=remark:

#include <map>
#include <vector>

bool flag(int);
void use(const std::vector<int> &);

void cut(std::map<int, std::vector<int>> &table) {
  // CUT: :[[@LINE-1]]:6: remark: analysis budget ran out in 'cut' after {{[0-9]+}} work units; findings on the paths analysed are reported, others may be missing [slicemap-lost-update]
  // CUT: :[[@LINE-2]]:6: note: raise the budget with the option 'slicemap-lost-update.AnalysisBudget' (now 60), or split the function
  // ZERO: :[[@LINE-3]]:6: remark: analysis budget ran out in 'cut'
  // ZERO: note: raise the budget with the option 'slicemap-lost-update.AnalysisBudget' (now 0)
  auto unread = table[0];
  unread.push_back(1);
  // CUT: :[[@LINE-1]]:3: warning: 'unread' is a copy of 'table[0]'; this modification is lost
  // FULL: :[[@LINE-2]]:3: warning: 'unread' is a copy of 'table[0]'; this modification is lost
  // ZERO: :[[@LINE-3]]:3: warning: 'unread' is a copy of 'table[0]'; this modification is lost
  for (int i = 0; i < 100; ++i) {
    auto seen = table[i];
    use(seen);
    while (flag(i + 1)) {
      if (flag(i + 2))
        break;
    }
    seen.push_back(i);
    // FULL: :[[@LINE-1]]:5: warning: 'seen' is a copy of 'table[i]'; this modification is lost
  }
}

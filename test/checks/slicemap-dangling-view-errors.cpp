// RUN: %check_clang_tidy -expect-clang-tidy-error %s slicemap-dangling-view %t

// Half-typed code: the analysis stands down (no crash, no guess).

#include <vector>

void broken(std::vector<int> &v) {
  int *p = v.data();
  v.push_back(undeclared);
  // CHECK-MESSAGES: :[[@LINE-1]]:15: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: use of undeclared identifier 'use' [clang-diagnostic-error]
  for (int x : v
    v.push_back(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: error: expected ')' [clang-diagnostic-error]
}

void fine(std::vector<int> &v) {
  int *p = v.data();
  v.push_back(1);
  (void)*p;
}

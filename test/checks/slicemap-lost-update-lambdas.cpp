// RUN: %check_clang_tidy %s slicemap-lost-update %t

// Lambdas are functions of their own: each is analysed once, and the
// enclosing function does not look into their bodies - only at what they
// capture.

#include <map>
#include <vector>

void use(const std::vector<int> &);

void nested(std::map<int, std::vector<int>> &table) {
  auto outer = [&](int k) {
    auto copy = table[k];
    copy.push_back(k);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'copy' is a copy of 'table[k]'; this modification is lost when 'copy' goes out of scope [slicemap-lost-update]
    auto deeper = [&](int j) {
      auto inner = table[j];
      inner.push_back(j);
      // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'inner' is a copy of 'table[j]'; this modification is lost when 'inner' goes out of scope [slicemap-lost-update]
    };
    deeper(k + 1);
  };
  outer(1);

  // Captured by reference: the lambda may read it later.
  auto kept = table[2];
  auto reader = [&kept] { use(kept); };
  kept.push_back(2);
  reader();
}

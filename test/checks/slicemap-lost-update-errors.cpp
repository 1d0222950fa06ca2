// RUN: %check_clang_tidy -expect-clang-tidy-error %s slicemap-lost-update %t

// Half-typed code: the analysis stands down when the TU has errors (a read
// the parser lost could make any copy look dead). No crash, no guess.

#include <map>
#include <vector>

void broken(std::map<int, std::vector<int>> &table) {
  auto v = table[1];
  v.push_back(1);
  use(v, undeclared);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  auto w = table[;
  // CHECK-MESSAGES: :[[@LINE-1]]:18: error: expected ']' [clang-diagnostic-error]
  // CHECK-MESSAGES: :[[@LINE-2]]:18: error: expected expression [clang-diagnostic-error]
  w.push_back(1);
  for (auto x : table)
    x.second.push_back(1 +);
  // CHECK-MESSAGES: :[[@LINE-1]]:27: error: expected expression [clang-diagnostic-error]
}

// Errors elsewhere in the TU also silence a function that is fine itself.
void fine(std::map<int, std::vector<int>> &table) {
  auto v = table[1];
  v.push_back(1);
}

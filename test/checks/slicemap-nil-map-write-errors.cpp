// RUN: %check_clang_tidy -expect-clang-tidy-error %s slicemap-nil-map-write %t

// Half-typed code: the flow analysis stands down (no crash, no guess) when
// the TU has errors.

#include <slicemap/map.hpp>

void broken() {
  slicemap::Map<int, int> m;
  m.set(1, undeclared);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  m.set(2, 2);
  m.set(3);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: error: too few arguments to function call, expected 2, have 1 [clang-diagnostic-error]
  if (m.is_nil() m.set(4, 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:18: error: expected ')' [clang-diagnostic-error]
}

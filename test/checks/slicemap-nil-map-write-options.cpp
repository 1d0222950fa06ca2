// RUN: %check_clang_tidy %s slicemap-nil-map-write %t -- \
// RUN:   -config="{CheckOptions: {slicemap-nil-map-write.WarnOnMaybeNil: false}}"

// WarnOnMaybeNil=false keeps only the writes that always panic.

#include <slicemap/map.hpp>

bool flag();

void f() {
  slicemap::Map<int, int> always;
  always.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: assignment to entry in nil map 'always'
  slicemap::Map<int, int> sometimes;
  if (flag())
    sometimes = slicemap::make_map<int, int>();
  sometimes.set(1, 1);
}

// RUN: %check_clang_tidy %s slicemap-nil-map-write %t

// Lambdas are functions of their own: each is analysed once, and the
// enclosing function does not look into their bodies - only at what they
// capture.

#include <slicemap/map.hpp>

void nested() {
  slicemap::Map<int, int> m;
  // A copy captured: what the lambda does to its copy (even through a
  // pointer) does not touch m.
  auto copy = [m]() mutable {
    auto *p = &m;
    (void)p;
  };
  m.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'm': this write always panics [slicemap-nil-map-write]
  copy();
  auto outer = [&] {
    slicemap::Map<int, int> inner;
    inner.set(2, 2);
    // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: assignment to entry in nil map 'inner': this write always panics [slicemap-nil-map-write]
    auto deeper = [&] {
      slicemap::Map<int, int> deepest;
      deepest.set(3, 3);
      // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: assignment to entry in nil map 'deepest': this write always panics [slicemap-nil-map-write]
    };
    deeper();
  };
  outer();
}

void capturedByReference() {
  slicemap::Map<int, int> made;
  auto make = [&made] { made = slicemap::make_map<int, int>(); };
  make();
  made.set(1, 1);
}

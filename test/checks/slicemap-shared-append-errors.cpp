// RUN: %check_clang_tidy -expect-clang-tidy-error %s slicemap-shared-append %t

// Half-typed code: the analysis stands down when the TU has errors (a
// reassignment or a read the parser lost changes every answer). No crash,
// no guess.

#include <slicemap/slice.hpp>

using slicemap::append;
using slicemap::Slice;

int use(const Slice<int> &, const Slice<int> &);

int broken(Slice<int> s) {
  auto t = append(s.sub(0, 2), undeclared);
  // CHECK-MESSAGES: :[[@LINE-1]]:32: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  auto u = append(s.sub(0, ), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:28: error: expected expression [clang-diagnostic-error]
  auto v = append(s.sub(0, 2, 3, 4), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: error: no matching member function for call to 'sub' [clang-diagnostic-error]
  return use(s, t) + use(u, v);
}

// Errors elsewhere in the TU also silence a function that is fine itself.
int fine(Slice<int> s) {
  auto t = append(s.sub(0, 2), 9);
  return use(s, t);
}

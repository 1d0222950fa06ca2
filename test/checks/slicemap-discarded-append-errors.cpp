// RUN: %check_clang_tidy -expect-clang-tidy-error %s slicemap-discarded-append %t

// Half-typed code, as an editor sees it: the check must not crash, and still
// reports what it can judge.

#include <slicemap/slice.hpp>

using slicemap::Slice;

void complete(Slice<int> s) {
  append(s, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
}

void broken(Slice<int> s) {
  append(s, undeclared);
  // CHECK-MESSAGES: :[[@LINE-1]]:13: error: use of undeclared identifier 'undeclared' [clang-diagnostic-error]
  append(missing, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: error: use of undeclared identifier 'missing' [clang-diagnostic-error]
  append(s, 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: error: expected ')' [clang-diagnostic-error]
  slicemap::append();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'append' [clang-diagnostic-error]
  append_slice(s, 42);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: error: no matching function for call to 'append_slice' [clang-diagnostic-error]
}

template <class T> void brokenTemplate(Slice<T> s) {
  slicemap::append(s, T{}).nonexistent();
}
template void brokenTemplate(Slice<int>);
// CHECK-MESSAGES: :[[@LINE-3]]:28: error: no member named 'nonexistent'

// CHECK-MESSAGES: :[[@LINE+3]]:17: error: expected ')'
// CHECK-MESSAGES: :[[@LINE+2]]:17: error: expected '}'
void unterminated(Slice<int> s) {
  append(s, [] {
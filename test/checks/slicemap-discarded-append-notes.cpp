// RUN: %check_clang_tidy %s slicemap-discarded-append %t

// The notes: how to silence, and why there is no fix-it when there is none.

#include <slicemap/slice.hpp>

using slicemap::Slice;

Slice<int> produce();

void notes(Slice<int> s) {
  append(s, 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'append' returns the grown slice and leaves its argument unchanged; discarding the result loses the appended elements [slicemap-discarded-append]
  // CHECK-NOTES: :[[@LINE-2]]:3: note: cast the result to 'void' if discarding it is intended
  append_slice(produce(), s);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'append_slice' returns the grown slice
  // CHECK-NOTES: :[[@LINE-2]]:3: note: assign the result back to the slice it grew, as in 's = append_slice(s, ...)' (no automatic fix: the first argument cannot be assigned to here)
  // CHECK-NOTES: :[[@LINE-3]]:3: note: cast the result to 'void' if discarding it is intended
  // CHECK-FIXES: s = append(s, 1);
}

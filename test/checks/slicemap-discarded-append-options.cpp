// RUN: %check_clang_tidy %s slicemap-discarded-append %t -- \
// RUN:   -config="{CheckOptions: {slicemap-discarded-append.AppendFunctions: 'mylib::with_item; ::mylib::Rope::concat ;'}}"
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s slicemap-discarded-append %t

// AppendFunctions adds value-returning "append-like" functions; the
// runtime's own append functions stay on.

#include <slicemap/slice.hpp>
#include <vector>

namespace mylib {
struct Rope {
  static Rope concat(Rope a, const Rope &b);
};
std::vector<int> with_item(std::vector<int> v, int x);
std::vector<int> without_item(std::vector<int> v, int x);
} // namespace mylib

void configured(std::vector<int> v, mylib::Rope r, slicemap::Slice<int> s) {
  mylib::with_item(v, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'with_item' returns the grown slice and leaves its argument unchanged; discarding the result loses the appended elements [slicemap-discarded-append]
  // CHECK-FIXES: v = mylib::with_item(v, 1);
  mylib::Rope::concat(r, r);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'concat' returns
  // CHECK-FIXES: r = mylib::Rope::concat(r, r);
  append(s, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: warning: 'append' returns
  // CHECK-FIXES: s = append(s, 1);
  // CHECK-FIXES-DEFAULT: s = append(s, 1);
  mylib::without_item(v, 2);
  v = mylib::with_item(v, 3);
}

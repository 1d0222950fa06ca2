// RUN: %check_clang_tidy %s slicemap-shared-append %t

// A window outlives the variable it was taken from: the arrays that
// variable shared are still overwritten through it.

#include <slicemap/slice.hpp>

int use(const slicemap::Slice<int> &);

void parentOutOfScope(slicemap::Slice<int> a) {
  slicemap::Slice<int> w;
  {
    auto p = a;
    w = p.sub(0, 2);
  }
  auto t = slicemap::append(w, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 'w', a sub-slice of 'p', may write into the backing array it shares with 'p' and overwrite 'p[2]' (it does whenever the capacity allows); 'a', which shares that array, is read after it [slicemap-shared-append]
  use(a);
  use(t);
}

void windowInLoop(slicemap::Slice<int> a, int n) {
  for (int i = 0; i < n; ++i) {
    auto w = a.sub(0, 1);
    auto t = slicemap::append(w, i);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: append to 'w', a sub-slice of 'a', may write into the backing array it shares with 'a' and overwrite 'a[1]' (it does whenever the capacity allows); 'a' is read after it [slicemap-shared-append]
    use(t);
  }
  use(a);
}

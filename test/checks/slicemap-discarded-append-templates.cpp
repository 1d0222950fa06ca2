// RUN: %check_clang_tidy %s slicemap-discarded-append %t

// Templates without a using-declaration: what is seen where.

#include <slicemap/slice.hpp>

namespace app {

template <class T> void instantiated(slicemap::Slice<T> s) {
  // Found by argument-dependent lookup in each instantiation; reported once.
  append(s, T{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: s = append(s, T{});
}

template <class T> void neverInstantiated(slicemap::Slice<T> s) {
  // Known gap: in a template that is never instantiated, only ADL could find
  // this append, and ADL runs at instantiation. Silent.
  append(s, T{});
  // Qualified: lookup finds the runtime's append in the definition.
  slicemap::append(s, T{});
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: s = slicemap::append(s, T{});
}

// A user's own append overloads take part in the lookup: not ours, silent.
template <class C> C append(C c, int);
template <class T> void ownOverload(slicemap::Slice<T> s) { (append)(s, 1); }

void run() {
  instantiated(slicemap::Slice<int>{});
  instantiated(slicemap::Slice<double>{});
  instantiated(slicemap::Slice<char>{});
}

} // namespace app

// RUN: %check_clang_tidy %s slicemap-shared-append %t

// Templates (analysed per instantiation, reported once), macros, lambdas,
// generic lambdas.

#include <slicemap/slice.hpp>

using slicemap::append;
using slicemap::Slice;

template <class T> int use(const Slice<T> &, const Slice<T> &) { return 0; }

template <class T> int prefixAppend(Slice<T> s, T value) {
  auto t = append(s.sub(0, 1), value);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 's.sub(0, 1)' may write into the backing array it shares with 's' and overwrite 's[1]' (it does whenever the capacity allows); 's' is read after it [slicemap-shared-append]
  return use(s, t);
}
template int prefixAppend(Slice<int>, int);
template int prefixAppend(Slice<double>, double);

template <class T> int twice(Slice<T> base) {
  auto x = append(base, T());
  auto y = append(base, T());
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: second append to the same 'base' may overwrite the element the earlier append wrote for 'x'
  return use(x, y);
}
template int twice(Slice<long>);

// A variadic append: the instantiation knows how many elements it adds.
template <class... V> int pack(V... values) {
  Slice<int> s = {1, 2, 3, 4};
  auto t = append(s.sub(0, 1), values...);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 's.sub(0, 1)' writes into the backing array it shares with 's' and overwrites 's[1]'; 's' is read after it
  return use(s, t);
}
template int pack(int, int); // 1 + 2 <= 4: in place
template int pack(int, int, int, int); // 1 + 4 > 4: reallocates, silent

// Never instantiated: not analysed.
template <class T> int neverInstantiated(Slice<T> s, T value) {
  auto t = append(s.sub(0, 1), value);
  return use(s, t);
}

// Class templates: each member function of each instantiation.
template <class T> struct Buffer {
  Slice<T> items;
  int spill(Slice<T> scratch, T value) {
    auto head = scratch.sub(0, 1);
    head = append(head, value);
    // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 'head', a sub-slice of 'scratch', may write
    return use(scratch, head);
  }
  // A member is not tracked: silent.
  int member(T value) {
    auto t = append(items.sub(0, 1), value);
    return use(items, t);
  }
};
template struct Buffer<int>;

// Macros: the warning is at the expansion.
#define APPEND_PREFIX(s, v) append((s).sub(0, 1), v)

int macro(Slice<int> s) {
  auto t = APPEND_PREFIX(s, 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to a sub-slice of 's' may write
  return use(s, t);
}

// Lambdas are functions of their own.
int lambdas(Slice<int> outer) {
  auto inner = [](Slice<int> s) {
    auto t = append(s.sub(0, 1), 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: append to 's.sub(0, 1)' may write
    return use(s, t);
  };
  auto generic = [](auto s) {
    auto t = append(s.sub(0, 1), 1);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: append to 's.sub(0, 1)' may write
    return use(s, t);
  };
  // A capture by reference is an alias the analysis does not follow: silent.
  auto t = append(outer.sub(0, 1), 2);
  auto read = [&] { return use(outer, t); };
  return inner(outer) + generic(outer) + read();
}

// RUN: %check_clang_tidy %s slicemap-discarded-append %t -- -- -isystem %S/Inputs/system

#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>
#include <string>
#include <vector>

#include <system_append.h>

using slicemap::append;
using slicemap::append_slice;
using slicemap::Map;
using slicemap::Slice;

void use(const Slice<int> &);
Slice<int> produce();
bool flag();

// --- Every position that discards the value --------------------------------

void expressionStatement(Slice<int> s, Slice<int> t) {
  append(s, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns the grown slice and leaves its argument unchanged; discarding the result loses the appended elements [slicemap-discarded-append]
  // CHECK-FIXES: s = append(s, 1);
  slicemap::append(s, 1, 2, 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns the grown slice
  // CHECK-FIXES: s = slicemap::append(s, 1, 2, 3);
  append_slice(s, t);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append_slice' returns the grown slice
  // CHECK-FIXES: s = append_slice(s, t);
  (append(s, 4));
  // CHECK-MESSAGES: :[[@LINE-1]]:4: warning: 'append' returns
  // CHECK-FIXES: (s = append(s, 4));
}

void commaOperands(Slice<int> s) {
  append(s, 1), use(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: s = append(s, 1), use(s);
  use(s), append(s, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'append' returns
  // CHECK-FIXES: use(s), s = append(s, 2);
}

void branchesAndLoops(Slice<int> s, int n) {
  if (flag())
    append(s, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
  // CHECK-FIXES: s = append(s, 1);
  else
    append(s, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
  // CHECK-FIXES: s = append(s, 2);
  if (append(s, 3); flag())
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'append' returns
    // CHECK-FIXES: if (s = append(s, 3); flag())
    return;
  for (int i = 0; i < n; ++i)
    append(s, i);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
  // CHECK-FIXES: s = append(s, i);
  for (int i = 0; i < n; ++i, append(s, i)) {
    // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'append' returns
    // CHECK-FIXES: for (int i = 0; i < n; ++i, s = append(s, i)) {
  }
  for (append(s, 5);;)
    // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'append' returns
    // CHECK-FIXES: for (s = append(s, 5);;)
    break;
  while (flag())
    append(s, 6);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
  // CHECK-FIXES: s = append(s, 6);
  do
    append(s, 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
  // CHECK-FIXES: s = append(s, 7);
  while (flag());
  for (int v : {8, 9})
    append(s, v);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
  // CHECK-FIXES: s = append(s, v);
  switch (n) {
  case 1:
    append(s, 10);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
    // CHECK-FIXES: s = append(s, 10);
    break;
  default:
    append(s, 11);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
    // CHECK-FIXES: s = append(s, 11);
  }
again:
  append(s, 12);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: s = append(s, 12);
  if (flag())
    goto again;
  flag() ? append(s, 13) : append(s, 14);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'append' returns
  // CHECK-MESSAGES: :[[@LINE-2]]:28: warning: 'append' returns
  // CHECK-FIXES: flag() ? s = append(s, 13) : s = append(s, 14);
  use(s);
}

void lambdas(Slice<int> s) {
  auto byReference = [&] { append(s, 1); };
  // CHECK-MESSAGES: :[[@LINE-1]]:28: warning: 'append' returns
  // CHECK-FIXES: auto byReference = [&] { s = append(s, 1); };
  auto generic = [](auto x) { append(x, 2); };
  // CHECK-MESSAGES: :[[@LINE-1]]:31: warning: 'append' returns
  // CHECK-FIXES: auto generic = [](auto x) { x = append(x, 2); };
  byReference();
  generic(s);
  generic(Slice<long>{});
}

// --- Operands a fix-it can assign back to ----------------------------------

struct Buffer {
  Slice<int> items;
  Slice<Slice<int>> rows;
  void add(int v) {
    append(items, v);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
    // CHECK-FIXES: items = append(items, v);
    append(this->items, v);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
    // CHECK-FIXES: this->items = append(this->items, v);
  }
};

void membersAndElements(Buffer &b, Buffer *p, std::vector<Slice<int>> &v, std::size_t i) {
  append(b.items, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: b.items = append(b.items, 1);
  append(p->items, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: p->items = append(p->items, 2);
  append(b.rows[i], 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: b.rows[i] = append(b.rows[i], 3);
  append(v[0], 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: v[0] = append(v[0], 4);
  Slice<int> &ref = v[1];
  append(ref, 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: ref = append(ref, 5);
}

void mapValues(Map<std::string, Slice<int>> m, Map<int, Slice<int>> *pm, int k) {
  append(m.get("key"), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: m.set("key", append(m.get("key"), 1));
  append(pm->get(k), 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: pm->set(k, append(pm->get(k), 2));
}

// --- Discarded, but no safe rewrite: warning and a note, no fix-it ---------

#define APPEND_ONE(s) append(s, 1)
#define EVAL(e) e

void noFixIt(Slice<int> s, const Slice<int> &readOnly, std::vector<Slice<int>> &v, int i,
             Map<int, Slice<int>> m) {
  append(produce(), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  append(readOnly, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  append(v[i++], 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  append(m.get(i++), 4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  APPEND_ONE(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  EVAL(append(s, 5));
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'append' returns
  // CHECK-FIXES: EVAL(s = append(s, 5));
}

// --- Templates: reported once, in the template ------------------------------

template <class T> void viaAdl(Slice<T> s, T v) {
  append(s, v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: s = append(s, v);
}
template void viaAdl(Slice<int>, int);
template void viaAdl(Slice<long>, long);

template <class T> void neverInstantiatedQualified(Slice<T> s, T v) {
  slicemap::append(s, v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'append' returns
  // CHECK-FIXES: s = slicemap::append(s, v);
}

template <class T> struct Collector {
  Slice<T> all;
  void add(T v) {
    append(all, v);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
    // CHECK-FIXES: all = append(all, v);
  }
  void addNever(T v) {
    // Never instantiated: found in the definition, through the
    // using-declaration above.
    append(all, v);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'append' returns
    // CHECK-FIXES: all = append(all, v);
  }
};
void collect() {
  Collector<int>{}.add(1);
  Collector<std::string>{}.add("x");
}

// --- Values that are used: silent -------------------------------------------

struct Holder {
  Slice<int> s;
};

Slice<int> used(Slice<int> s, Slice<int> t, Holder h) {
  s = append(s, 1);
  auto u = append(s, 2);
  Slice<int> w{append(t, 3)};
  h.s = append(h.s, 4);
  use(append(s, 5));
  if (append(s, 6).len() > 3)
    use(s);
  while (append(t, 7).len() < 3)
    t = append(t, 8);
  (void)append(s, 9);
  static_cast<void>(append(s, 10));
  u = (use(s), append(s, 11));
  u = flag() ? append(s, 12) : s;
  Holder g{append(s, 13)};
  decltype(append(s, 14)) d = w;
  auto viaStatementExpression = ({ append(s, 15); });
  use(d), use(g.s), use(viaStatementExpression);
  return append(s, 16);
}

auto usedInLambda(Slice<int> s) {
  return [s] { return append(s, 1); };
}

// --- Other functions called append: silent -----------------------------------

namespace mylib {
std::vector<int> append(std::vector<int> v, int x);
template <class T> Slice<T> append(Slice<T> s, int tag, T x);
} // namespace mylib

void otherAppends(std::string str, std::vector<int> v, Slice<int> s) {
  str.append("x");
  mylib::append(v, 1);
  mylib::append(s, 0, 1);
  systemHeaderAppend(s);
}

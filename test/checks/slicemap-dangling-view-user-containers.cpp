// RUN: %check_clang_tidy %s slicemap-dangling-view %t -- \
// RUN:   -config="{CheckOptions: {slicemap-dangling-view.ContainerTypes: '::mylib::Buffer=contiguous; mylib::Tree = node'}}"
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s slicemap-dangling-view %t
// An entry that does not parse is reported, and the others still apply.
// RUN: %slicemap_tidy -checks='-*,slicemap-dangling-view' %s \
// RUN:   -config="{CheckOptions: {slicemap-dangling-view.ContainerTypes: 'mylib::Buffer=contiguous;mylib::Tree=tree;=node'}}" \
// RUN:   -- -std=c++20 2>&1 | FileCheck %s --check-prefix=INVALID
// INVALID-DAG: invalid ContainerTypes entry 'mylib::Tree=tree' in check 'slicemap-dangling-view': expected 'Name=family', family one of: contiguous, deque, node, hashed-node, sorted-array, open-addressing, fixed
// INVALID-DAG: invalid ContainerTypes entry '=node' in check 'slicemap-dangling-view'
// INVALID-DAG: warning: 'r' may dangle: it points into 'b'

// User containers: a class with begin()/end() returning pointers or
// iterators and a growing member over one container member has that
// member's family; the ContainerTypes option names the others.

#include <cstddef>
#include <list>
#include <vector>

void use(int);

namespace mylib {
template <class T> class SmallVec {
public:
  T *begin() { return Items.data(); }
  T *end() { return Items.data() + Items.size(); }
  void push_back(const T &X) { Items.push_back(X); }
  void add(const T &X) { Items.push_back(X); }
  T &operator[](std::size_t I) { return Items[I]; }
  std::size_t size() const { return Items.size(); }

private:
  std::vector<T> Items;
  std::size_t Pushes = 0;
};

class IdList {
public:
  auto begin() { return Ids.begin(); }
  auto end() { return Ids.end(); }
  void push_back(int Id) { Ids.push_back(Id); }

private:
  std::list<int> Ids;
};

// No body to infer from: named by the option.
class Buffer {
public:
  int *begin();
  int *end();
  int &operator[](std::size_t I);
  void append(int X);
};

class Tree {
public:
  struct iterator {
    int &operator*() const;
  };
  iterator begin();
  iterator end();
  iterator find(int Key);
  void insert(int Key);
  void erase(iterator Where);
};

// Not containers of one member's family.
class TwoStores {
public:
  int *begin();
  int *end();
  void push_back(int);
  int &operator[](std::size_t I) { return A[I]; }

private:
  std::vector<int> A, B;
};

class Cursor {
public:
  int *begin();
  int *end();
  void push_back(int);
  int &operator[](std::size_t I) { return Items[I]; }

private:
  std::vector<int> Items;
  int *At = nullptr;
};

class ReadOnly {
public:
  const int *begin() const;
  const int *end() const;
  const int &operator[](std::size_t I) const { return Items[I]; }

private:
  std::vector<int> Items;
};
} // namespace mylib

void inferredContiguous(mylib::SmallVec<int> &s) {
  int &r = s[0];
  s.push_back(1);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:7: warning: 'r' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
  int *p = s.begin();
  s.add(2); // its own member function, read from its body
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 's'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:8: warning: 'p' may dangle: it points into 's'
}

void inferredNodeBased(mylib::IdList &l) {
  auto it = l.begin();
  l.push_back(1);
  use(*it);
}

void named(mylib::Buffer &b, mylib::Tree &t) {
  int &r = b[0];
  b.append(1);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'b'
  auto it = t.find(1);
  t.insert(2);
  use(*it);
  t.erase(it);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' is used after the element it refers to was erased from 't'
}

template <class T> void inTemplate(mylib::SmallVec<T> &s) {
  T &first = s[0];
  s.push_back(T());
  use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it points into 's'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:7: warning: 'first' may dangle: it points into 's'
}
template void inTemplate(mylib::SmallVec<int> &);

#define PUSH(c, x) (c).push_back(x)

void inMacroAndLambda(mylib::SmallVec<int> &s) {
  int &r = s[1];
  PUSH(s, 3);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 's'
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:7: warning: 'r' may dangle: it points into 's'
  auto grow = [](mylib::Buffer &b) {
    int *p = b.begin();
    b.append(4);
    use(*p);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'b'
  };
  (void)grow;
}

// --- near-misses ----------------------------------------------------------------

void notInferred(mylib::TwoStores &two, mylib::Cursor &c, mylib::ReadOnly &ro) {
  int &a = two[0];
  two.push_back(1);
  use(a);
  int &b = c[0];
  c.push_back(1);
  use(b);
  const int &r = ro[0];
  use(r);
}

void elementWrites(mylib::SmallVec<int> &s) {
  int &r = s[0];
  s[1] = 2;
  use(r);
}

// RUN: %check_clang_tidy %s slicemap-dangling-view %t -- -- -std=c++20

// A local container that owns its elements is destroyed at the end of its
// scope: a view of it that lives on - declared outside the block, or kept
// across iterations of a loop - dangles. Near misses: the storage moved to
// a container that lives on, a static local, a reference or a view local
// (destroying it frees nothing), uses inside the scope, the view re-made
// after the scope.

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

void use(int);
void use(std::string_view);

void blockString() {
  std::string_view v;
  {
    std::string s = "abc";
    v = s;
  }
  use(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'v' points into 's', which was destroyed at the end of its scope [slicemap-dangling-view]
}

void blockVector() {
  const int *p = nullptr;
  {
    std::vector<int> values(3);
    p = values.data();
    use(*p);
  }
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' points into 'values', which was destroyed at the end of its scope [slicemap-dangling-view]
}

void mapIterator() {
  std::map<int, int>::iterator found;
  {
    std::map<int, int> m{{1, 2}};
    found = m.find(1);
  }
  use(found->second);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'found' points into 'm', which was destroyed at the end of its scope [slicemap-dangling-view]
}

void onSomePath(bool narrow) {
  std::vector<int> wide(4);
  const int *p = wide.data();
  if (narrow) {
    std::vector<int> small(1);
    p = small.data();
  }
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' points into 'small', which was destroyed at the end of its scope (on some path) [slicemap-dangling-view]
}

void acrossIterations(int n) {
  int *last = nullptr;
  for (int i = 0; i < n; ++i) {
    std::vector<int> row(3);
    if (last)
      // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'last' points into 'row', which was destroyed at the end of its scope [slicemap-dangling-view]
      row[0] = 1;
    last = &row[0];
  }
}

template <class T> T firstOfTemporary() {
  const T *p;
  {
    std::vector<T> values(2);
    p = &values[0];
  }
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' points into 'values', which was destroyed at the end of its scope [slicemap-dangling-view]
}
template int firstOfTemporary<int>();

#define USE(x) use(x)
void inMacroAndLambda() {
  auto body = [] {
    std::string_view v;
    {
      std::string s = "abc";
      v = s;
    }
    USE(v);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'v' points into 's', which was destroyed at the end of its scope [slicemap-dangling-view]
  };
  body();
}

// --- Near misses ---------------------------------------------------------------

void movedOut() {
  std::vector<int> out;
  const int *p;
  {
    std::vector<int> tmp(3);
    p = tmp.data();
    out = std::move(tmp);
  }
  use(*p);
}

void staticLocal() {
  std::string_view v;
  {
    static std::string s = "abc";
    v = s;
  }
  use(v);
}

void referenceLocal(std::string &owner) {
  std::string_view v;
  {
    std::string &s = owner;
    v = s;
  }
  use(v);
}

void viewLocal(const std::string &owner) {
  std::string_view v;
  {
    std::string_view inner = owner;
    v = inner;
  }
  use(v);
}

void usedInside() {
  std::string_view v;
  {
    std::string s = "abc";
    v = s;
    use(v);
  }
}

void remadeAfter(const std::string &other) {
  std::string_view v;
  {
    std::string s = "abc";
    v = s;
  }
  v = other;
  use(v);
}

void viewDiesFirst() {
  std::string s = "abc";
  std::string_view v = s;
  use(v);
}

void perIteration(int n) {
  for (int i = 0; i < n; ++i) {
    std::vector<int> row(3);
    int *first = &row[0];
    use(*first);
  }
}

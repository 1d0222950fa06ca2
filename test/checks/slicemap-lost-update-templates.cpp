// RUN: %check_clang_tidy %s slicemap-lost-update %t

// Templates (analysed per instantiation, reported once), macros, lambdas,
// generic lambdas.

#include <map>
#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>
#include <span>
#include <string>
#include <vector>

void use(const std::vector<int> &);

template <class Container> void addToFirst(Container &c) {
  auto first = c[0];
  first.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'first' is a copy of 'c[0]'; this modification is lost when 'first' goes out of scope [slicemap-lost-update]
}
template void addToFirst(std::vector<std::vector<int>> &);
template void addToFirst(std::map<int, std::vector<int>> &);

// In one instantiation the element is a handle: only the others report.
template <class Container> void fillFirst(Container &c) {
  auto first = c[0];
  first[0] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'first' is a copy of 'c[0]'; this modification is lost
}
template void fillFirst(std::vector<std::span<int>> &);
template void fillFirst(std::vector<std::vector<int>> &);

// Only a handle: silent.
template <class Container> void writeThrough(Container &c) {
  auto first = c[0];
  first[0] = 1;
}
template void writeThrough(std::vector<std::span<int>> &);
template void writeThrough(std::vector<slicemap::Slice<int>> &);

// A template that is never instantiated is not analysed.
template <class T> void neverInstantiated(std::vector<std::vector<T>> &rows) {
  auto row = rows[0];
  row.push_back(T());
}

template <class T> struct Holder {
  std::vector<T> items;
  void add(T value) {
    auto copy = items;
    copy.push_back(value);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'copy' is a copy of 'items'; this modification is lost
  }
  std::vector<T> added(T value) {
    auto copy = items;
    copy.push_back(value);
    return copy;
  }
};
template struct Holder<int>;
template struct Holder<std::string>;

#define PUSH(container, value) (container).push_back(value)
#define COPY_OF(table, key) auto copied = table[key]

void macros(std::map<int, std::vector<int>> &table) {
  auto v = table[1];
  PUSH(v, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table[1]'; this modification is lost
  COPY_OF(table, 2);
  copied.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'copied' is a copy of a stored value; this modification is lost
  auto w = table[3];
  PUSH(w, 4);
  use(w);
}

void lambdas(std::map<int, std::vector<int>> &table) {
  auto inLambda = [&table] {
    auto v = table[1];
    v.push_back(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' is a copy of 'table[1]'; this modification is lost
  };
  inLambda();
  auto parameter = [](std::vector<int> v) {
    v.push_back(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' is a by-value parameter; this modification is lost when the function returns
  };
  parameter({});
  auto generic = [](auto &rows) {
    auto row = rows[0];
    row.push_back(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'row' is a copy of 'rows[0]'; this modification is lost
  };
  std::vector<std::vector<int>> rows(1);
  generic(rows);

  // A lambda that captures the copy by value reads it; one that modifies
  // its own capture modifies the lambda's member, not a local.
  auto v = table[2];
  v.push_back(1);
  auto reader = [v] { use(v); };
  reader();
  auto w = table[3];
  auto mutator = [w]() mutable { w.push_back(1); };
  mutator();
}

void statementExpressions(std::map<int, std::vector<int>> &table) {
  auto v = table[1];
  // The last statement of a statement expression is its value.
  auto size = ({ v.push_back(1); v.size(); });
  (void)size;
}

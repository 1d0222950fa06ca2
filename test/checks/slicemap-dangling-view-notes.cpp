// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// The notes: where the storage may move, and where the view was made.

#include <slicemap/slice.hpp>
#include <vector>

void use(int);

void notes(std::vector<int> &values) {
  int *p = values.data();
  values.push_back(1);
  use(*p);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'values', which may have moved its elements since [slicemap-dangling-view]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'values' may move its elements here
  // CHECK-NOTES: :[[@LINE-5]]:8: note: 'p' is made here; make it again after the change (or keep an index instead)
  use(*p);
}

void loop(std::vector<int> &values) {
  for (int x : values)
    values.push_back(x);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'values' is modified while a range-for iterates over it; this may invalidate the loop's iterator [slicemap-dangling-view]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the range-for over 'values' is here
  // CHECK-NOTES: :[[@LINE-3]]:5: note: iterate by index, collect the changes and apply them after the loop, or leave the loop right after the change
}

void slice(slicemap::Slice<int> s) {
  int *p = &s[0];
  s = append(s, 4);
  *p = 1;
  // CHECK-NOTES: :[[@LINE-1]]:4: warning: 'p' points into the array 's' had before an append that may have moved it; writes through 'p' are lost [slicemap-dangling-view]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: the append may move 's' to a new array here
  // CHECK-NOTES: :[[@LINE-5]]:8: note: 'p' is made here
}

#define GROW(v) (v).push_back(0)

void macro(std::vector<int> &values) {
  auto it = values.begin();
  GROW(values);
  use(*it);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'values'
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'values' may move its elements here
  // CHECK-NOTES: :[[@LINE-8]]:17: note: expanded from macro 'GROW'
  // CHECK-NOTES: :[[@LINE-6]]:8: note: 'it' is made here
}

void lambda(std::vector<int> &values) {
  auto body = [&values] {
    int &first = values[0];
    values.emplace_back(1);
    use(first);
    // CHECK-NOTES: :[[@LINE-1]]:9: warning: 'first' may dangle
    // CHECK-NOTES: :[[@LINE-3]]:5: note: 'values' may move its elements here
    // CHECK-NOTES: :[[@LINE-5]]:10: note: 'first' is made here
  };
  body();
  // A view captured by reference may be re-made out of sight: silent.
  int *p = values.data();
  auto remake = [&p, &values] { p = values.data(); };
  values.push_back(1);
  remake();
  use(*p);
}

const int *Remembered;

void leftDangling(std::vector<int> &values) {
  Remembered = &values[0];
  values.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'Remembered' outlives this function but is left pointing into 'values', which may invalidate it here [slicemap-dangling-view]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'Remembered' is made here; make it again after the change, or reset it before returning
}

struct Reads {
  const int *first = nullptr;
  int peek() const { return *first; }
  void grow(std::vector<int> &values) {
    first = &values[0];
    values.push_back(1);
    (void)peek();
    // CHECK-NOTES: :[[@LINE-1]]:11: warning: 'first' may dangle: it points into 'values', which may have moved its elements since [slicemap-dangling-view]
    // CHECK-NOTES: :[[@LINE-3]]:5: note: 'values' may move its elements here
    // CHECK-NOTES: :[[@LINE-7]]:30: note: the function called reads 'first' here
    // CHECK-NOTES: :[[@LINE-6]]:5: note: 'first' is made here; make it again after the change (or keep an index instead)
    first = nullptr;
  }
};

void destroyedAtScopeEnd() {
  const int *p = nullptr;
  {
    std::vector<int> scratch(3);
    p = scratch.data();
  }
  use(*p);
  // CHECK-NOTES: :[[@LINE-1]]:8: warning: 'p' points into 'scratch', which was destroyed at the end of its scope [slicemap-dangling-view]
  // CHECK-NOTES: :[[@LINE-3]]:3: note: 'scratch' is destroyed here
  // CHECK-NOTES: :[[@LINE-8]]:14: note: 'p' is made here; keep 'scratch' alive as long as 'p' is used
}

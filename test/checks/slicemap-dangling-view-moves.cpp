// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Moved-from and swapped containers. For a vector, a deque, a node-based or
// an open-addressing container, `a = std::move(b)`, `auto a =
// std::move(b)`, `a.swap(b)` and `std::swap(a, b)` hand b's storage to a:
// views of b's elements follow it (a later change to a may invalidate them,
// a change to b cannot), but b's end() does not carry over. A string's
// inline buffer is moved element by element: views of a moved-from string
// may dangle.

#include <array>
#include <deque>
#include <list>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

void use(int);
void use(std::string_view);
bool flag();

// --- The end of a moved-from container --------------------------------------------

void endAfterMoveAssignment(std::vector<int> &a, std::vector<int> &b) {
  auto end = b.end();
  a = std::move(b);
  for (auto it = a.begin(); it != end; ++it)
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'end' was the end of 'b' before its elements were moved or swapped away; it is not the end of either container since
    use(*it);
}

void endAfterMoveConstruction(std::list<int> &b) {
  std::list<int>::const_iterator last = b.cend();
  std::list<int> taken = std::move(b);
  if (taken.begin() != last)
    // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'last' was the end of 'b' before its elements were moved or swapped away; it is not the end of either container since [slicemap-dangling-view]
    use(taken.front());
}

void endAfterSwap(std::map<int, int> &a, std::map<int, int> &b) {
  auto stop = a.end();
  if (flag())
    a.swap(b);
  for (auto it = b.begin(); it != stop; ++it)
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'stop' was the end of 'a' before its elements were moved or swapped away; it is not the end of either container since (on some path) [slicemap-dangling-view]
    use(it->second);
}

void endAfterStdSwap(std::deque<int> &a, std::deque<int> &b) {
  auto stop = b.end();
  std::swap(a, b);
  use(stop == a.end());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'stop' was the end of 'b' before its elements were moved or swapped away; it is not the end of either container since [slicemap-dangling-view]
}

// --- Views follow the storage: the receiving container's change counts ---------

void viewIntoReceiver(std::vector<int> &b) {
  int *p = b.data();
  std::vector<int> a = std::move(b);
  a.push_back(1);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'a', which may have moved its elements since [slicemap-dangling-view]
}

void iteratorIntoSwapped(std::vector<int> &a, std::vector<int> &b) {
  auto it = a.begin();
  std::swap(a, b);
  b.emplace_back(2);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'b', which may have moved its elements since [slicemap-dangling-view]
}

// --- Strings: the inline buffer is moved element by element ---------------------

void stringMovedFrom(std::string &s) {
  std::string_view view = s;
  std::string kept = std::move(s);
  use(view);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'view' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
  use(kept);
}

// --- Templates and macros ----------------------------------------------------------

template <class C> void templated(C &a, C &b) {
  auto end = b.end();
  a = std::move(b);
  use(a.begin() == end);
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'end' was the end of 'b' before its elements were moved or swapped away; it is not the end of either container since [slicemap-dangling-view]
}
template void templated(std::vector<int> &, std::vector<int> &);
template void templated(std::deque<int> &, std::deque<int> &);

#define TAKE(to, from) to = std::move(from)

void throughMacro(std::vector<int> &a, std::vector<int> &b) {
  auto end = b.cend();
  TAKE(a, b);
  use(a.cbegin() == end);
  // CHECK-MESSAGES: :[[@LINE-1]]:21: warning: 'end' was the end of 'b' before its elements were moved or swapped away; it is not the end of either container since [slicemap-dangling-view]
}

void inLambda(std::vector<int> &b) {
  auto take = [&b] {
    auto end = b.end();
    std::vector<int> a(std::move(b));
    return a.begin() == end;
    // CHECK-MESSAGES: :[[@LINE-1]]:25: warning: 'end' was the end of 'b' before its elements were moved or swapped away; it is not the end of either container since [slicemap-dangling-view]
  };
  take();
}

// --- Near misses: silent -------------------------------------------------------------

void viewFollowsMove(std::vector<int> &b) {
  auto it = b.begin();
  int &first = b.front();
  std::vector<int> a = std::move(b);
  use(*it);
  use(first);
}

void movedFromReused(std::vector<int> &b) {
  int *p = b.data();
  std::vector<int> a = std::move(b);
  b.clear();
  b.push_back(1);
  use(*p);
  use(a[0]);
}

void endRemadeAfterMove(std::vector<int> &a, std::vector<int> &b) {
  auto end = b.end();
  a = std::move(b);
  end = a.end();
  for (auto it = a.begin(); it != end; ++it)
    use(*it);
}

void endUsedBeforeMove(std::vector<int> &a, std::vector<int> &b) {
  for (auto it = b.begin(), end = b.end(); it != end; ++it)
    use(*it);
  a = std::move(b);
}

void swapFollows(std::list<int> &a, std::list<int> &b) {
  int &first = a.front();
  a.swap(b);
  a.push_back(2);
  use(first);
}

void arrayElementsStay(std::array<int, 3> &a, std::array<int, 3> &b) {
  int *p = b.data();
  a = std::move(b);
  use(*p);
}

void copyNotMove(std::vector<int> &a, std::vector<int> &b) {
  auto end = b.end();
  a = b;
  use(b.begin() == end);
}

void stringFreshView(std::string &s) {
  std::string kept = std::move(s);
  std::string_view view = kept;
  use(view);
}

// --- A class derived from a library container moves as its base -------------

struct Ints : std::vector<int> {};

void derivedEndAfterMove(Ints &a, Ints &b) {
  auto end = b.end();
  a = std::move(b);
  for (auto it = a.begin(); it != end; ++it)
    // CHECK-MESSAGES: :[[@LINE-1]]:35: warning: 'end' was the end of 'b' before its elements were moved or swapped away; it is not the end of either container since
    use(*it);
}

void derivedViewFollowsMove(Ints &a, Ints &b) {
  int &first = b[0];
  a = std::move(b);
  b.push_back(1); // b's new storage: first now points into a
  use(first);
}


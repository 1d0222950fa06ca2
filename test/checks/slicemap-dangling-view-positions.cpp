// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Positions and capacity where the standard gives them: erase on a vector or
// string moves only the elements from its position on (views before it stay
// valid; insert may still reallocate, a deque still moves everything), and
// pushes that provably stay within a reserve() do not reallocate.

#include <deque>
#include <string>
#include <vector>

void use(int);
void use(char);
void use(bool);

// --- erase: from the position on ------------------------------------------------

void eraseKeepsViewsBefore(std::vector<int> &v) {
  auto first = v.begin();
  int &second = v[1];
  auto third = v.begin() + 2;
  const int &fourth = v.at(3);
  int *front = &v.front();
  v.erase(v.begin() + 4);
  use(*first);
  use(second);
  use(*third);
  use(fourth);
  use(*front);
}

void eraseInvalidatesFromPosition(std::vector<int> &v) {
  int &atPosition = v[4];
  auto after = v.begin() + 5;
  auto end = v.end();
  int &last = v.back();
  v.erase(v.begin() + 4);
  use(atPosition);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'atPosition' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  use(*after);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'after' may dangle: it points into 'v'
  use(end == v.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'end' may dangle: it points into 'v'
  use(last);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'last' may dangle: it points into 'v'
}

void eraseAtIterator(std::vector<int> &v) {
  auto head = v.begin();
  auto pos = v.begin() + 2;
  v.erase(pos);
  use(*head);
  use(*pos);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'pos' may dangle: it points into 'v'
}

void eraseRange(std::vector<int> &v) {
  int &kept = v[0];
  int &moved = v[3];
  v.erase(v.begin() + 1, v.begin() + 3);
  use(kept);
  use(moved);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'moved' may dangle: it points into 'v'
}

void stringEraseByIndex(std::string &s) {
  char &kept = s[0];
  char &moved = s[5];
  s.erase(2, 1);
  use(kept);
  use(moved);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'moved' may dangle: it points into 's'
}

void eraseUnknownPosition(std::vector<int> &v, int i) {
  int &first = v[0];
  v.erase(v.begin() + i);
  use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it points into 'v'
}

void eraseSteppedView(std::vector<int> &v) {
  auto it = v.begin();
  ++it; // where it points is no longer the initializer's
  v.erase(v.begin() + 4);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
}

void insertMayReallocate(std::vector<int> &v) {
  int &first = v[0];
  v.insert(v.begin() + 3, 1);
  use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it points into 'v'
}

void dequeMiddleErase(std::deque<int> &d) {
  int &first = d[0];
  d.erase(d.begin() + 3);
  use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it points into 'd'
}

#define DROP_THIRD(c) (c).erase((c).begin() + 2)

void eraseInMacro(std::vector<int> &v) {
  int &first = v.front();
  int &fourth = v[3];
  DROP_THIRD(v);
  use(first);
  use(fourth);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'fourth' may dangle: it points into 'v'
}

template <class C> void eraseTail(C &c) {
  auto first = c.begin();
  auto second = c.begin() + 1;
  c.erase(c.begin() + 1);
  use(*first);
  use(*second);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'second' may dangle: it points into 'c'
}
template void eraseTail(std::vector<int> &);

void eraseInLambda(std::vector<int> &v) {
  auto drop = [](std::vector<int> &w) {
    int &first = w[0];
    w.erase(w.begin() + 1);
    use(first);
  };
  drop(v);
}

// --- reserve: pushes within the capacity ------------------------------------

void reservedPushes() {
  std::vector<int> v;
  v.reserve(4);
  v.push_back(1);
  int &first = v[0];
  v.push_back(2);
  v.push_back(3);
  v.emplace_back(4);
  use(first);
}

void reservedCountedLoop() {
  std::vector<int> v;
  v.reserve(10);
  v.push_back(0);
  int *p = v.data();
  for (int i = 0; i < 9; ++i)
    v.push_back(i);
  use(*p);
}

void clearKeepsCapacity() {
  std::string s;
  s.reserve(3);
  s.push_back('a');
  s.push_back('b');
  s.clear();
  s.push_back('c');
  char &c = s[0];
  s.push_back('d');
  s.push_back('e');
  use(c);
}

void beyondReserve() {
  std::vector<int> v;
  v.reserve(2);
  v.push_back(1);
  int &r = v[0];
  v.push_back(2);
  v.push_back(3);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void loopBeyondReserve() {
  std::vector<int> v;
  v.reserve(5);
  v.push_back(0);
  int &r = v[0];
  for (int i = 0; i < 5; ++i)
    v.push_back(i);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
}

void unknownBound(int n) {
  std::vector<int> v;
  v.reserve(10);
  v.push_back(0);
  int &r = v[0];
  for (int i = 0; i < n; ++i)
    v.push_back(i);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
}

void steppedLoopIndex() {
  std::vector<int> v;
  v.reserve(10);
  v.push_back(0);
  int &r = v[0];
  for (int i = 0; i < 3; ++i) {
    v.push_back(i);
    i -= 2; // the loop may run any number of times
  }
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
}

void unknownSize(std::vector<int> &v) {
  v.reserve(10); // v may hold ten already
  v.push_back(1);
  int &r = v.back();
  v.push_back(2);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
}

void grownOutOfSight() {
  std::vector<int> v;
  v.reserve(2);
  auto add = [&v] { v.push_back(1); };
  v.push_back(0);
  int &r = v[0];
  add();
  v.push_back(2);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
}

void nestedLoopPush() {
  std::vector<int> v;
  v.reserve(100);
  v.push_back(0);
  int &r = v[0];
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      v.push_back(j);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
}

// Room for k more than it holds: any container, a parameter too.
void reservedHeadroom(std::vector<int> &v, std::string &s) {
  v.reserve(v.size() + 4);
  int *first = v.data();
  for (int i = 0; i < 3; ++i)
    v.push_back(i);
  v.emplace_back(3);
  use(*first);
  s.reserve(2 + s.size());
  const char *text = s.c_str();
  s.push_back('a');
  s.push_back('b');
  use(*text);
}

void headroomExceeded(std::vector<int> &v) {
  v.reserve(v.size() + 2);
  int *first = v.data();
  for (int i = 0; i < 3; ++i)
    v.push_back(i);
  use(*first);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'first' may dangle: it points into 'v'
}

void headroomOfAnother(std::vector<int> &v, std::vector<int> &w) {
  v.reserve(w.size() + 8);
  int *first = v.data();
  v.push_back(1);
  use(*first);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'first' may dangle: it points into 'v'
}

void headroomThenAbsolute(std::vector<int> &v) {
  v.reserve(v.size() + 1);
  v.reserve(10); // says nothing of what v holds
  int *first = v.data();
  v.push_back(1);
  v.push_back(2);
  use(*first);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'first' may dangle: it points into 'v'
}

void headroomInsertNotPush(std::vector<int> &v) {
  v.reserve(v.size() + 4);
  int *first = v.data();
  v.insert(v.begin(), 1);
  use(*first);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'first' may dangle: it points into 'v'
}

template <class T> void reservedInTemplate() {
  std::vector<T> v;
  v.reserve(3);
  v.push_back(T());
  T &first = v.front();
  for (int i = 0; i < 2; ++i)
    v.push_back(T());
  use(first);
}
template void reservedInTemplate<int>();

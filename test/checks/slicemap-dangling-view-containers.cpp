// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// The container table against the standard's invalidation rules: removals
// at the ends (pop_back, pop_front, adaptors' pop), erase by key, the
// rehash of unordered containers, std::erase, a mutation of one of two
// containers (`(c ? a : b).push_back(x)`), and views of views; with the
// near-misses the standard keeps valid.

#include <array>
#include <deque>
#include <forward_list>
#include <list>
#include <map>
#include <queue>
#include <set>
#include <span>
#include <stack>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

void use(int);
void use(char);
bool flag();

// --- pop_back: the last element, and end() of vector, string, deque -------

void vectorPopBack(std::vector<int> &v) {
  int &last = v.back();
  v.pop_back();
  use(last);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'last' is used after the element it refers to was erased from 'v' [slicemap-dangling-view]
  auto end = v.end();
  v.pop_back();
  use(end != v.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'end' is the end of 'v', which moved when an element was removed since [slicemap-dangling-view]
  auto lastIt = v.end() - 1;
  v.pop_back();
  use(*lastIt);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'lastIt' is used after the element it refers to was erased from 'v'
  auto reverse = v.rbegin();
  v.pop_back();
  use(*reverse);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'reverse' is used after the element it refers to was erased from 'v'
  int *viaBack = &v.back();
  v.pop_back();
  use(*viaBack);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'viaBack' is used after the element it refers to was erased from 'v'
}

// The last element reached by stepping back from end() on the spot.
void popBackStepsFromEnd(std::vector<int> &v, std::list<int> &l,
                         std::deque<int> &d) {
  auto last = --v.end();
  v.pop_back();
  use(*last);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'last' is used after the element it refers to was erased from 'v'
  auto tail = --l.cend();
  l.pop_back();
  use(*tail);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'tail' is used after the element it refers to was erased from 'l'
  auto back = --d.end();
  d.pop_back();
  use(*back);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'back' is used after the element it refers to was erased from 'd'
}

// Near-misses: a step forward from begin() is not the last element; a step
// back twice from end() is the one before it.
void popBackStepsFromEndNearMisses(std::vector<int> &v, std::list<int> &l) {
  auto second = ++v.begin();
  auto beforeLast = --(--l.end());
  v.pop_back();
  l.pop_back();
  use(*second);
  use(*beforeLast);
}

void vectorPopBackKeepsOthers(std::vector<int> &v) {
  // The other elements stay where they are.
  int &first = v.front();
  int *data = v.data();
  auto begin = v.begin();
  int &second = v[1];
  v.pop_back();
  use(first);
  use(*data);
  use(*begin);
  use(second);
}

void vectorPopBackSteppedView(std::vector<int> &v) {
  // Stepped: where it points is not known, and pop_back is not reported.
  auto it = v.end();
  --it;
  v.pop_back();
  use(*it);
}

void stringPopBack(std::string &s) {
  char &c = s.back();
  s.pop_back();
  use(c);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'c' is used after the element it refers to was erased from 's'
  char &head = s.front();
  s.pop_back();
  use(head);
}

void dequeEnds(std::deque<int> &d) {
  int &back = d.back();
  d.pop_back();
  use(back);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'back' is used after the element it refers to was erased from 'd'
  auto end = d.end();
  d.pop_back();
  use(end == d.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'end' is the end of 'd', which moved
  int &front = d.front();
  d.pop_front();
  use(front);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'front' is used after the element it refers to was erased from 'd'
}

void dequeEndsNearMisses(std::deque<int> &d) {
  int &back = d.back();
  auto end = d.end();
  d.pop_front(); // only the first element
  use(back);
  use(end == d.begin());
  int &front = d.front();
  d.pop_back(); // only the last element (and end())
  use(front);
}

void listEnds(std::list<int> &l, std::forward_list<int> &f) {
  int &back = l.back();
  l.pop_back();
  use(back);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'back' is used after the element it refers to was erased from 'l'
  auto first = l.begin();
  l.pop_front();
  use(*first);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'first' is used after the element it refers to was erased from 'l'
  auto head = f.begin();
  f.pop_front();
  use(*head);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'head' is used after the element it refers to was erased from 'f'
}

void listEndsNearMisses(std::list<int> &l) {
  auto end = l.end(); // a list's end() survives pop_back
  int &front = l.front();
  l.pop_back();
  use(end == l.begin());
  use(front);
  auto second = l.begin();
  ++second;
  l.pop_front();
  use(*second);
}

void adaptors(std::stack<int> &st, std::queue<int> &q,
              std::priority_queue<int> &pq) {
  int &top = st.top();
  st.pop();
  use(top);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'top' is used after the element it refers to was erased from 'st'
  int &next = q.front();
  q.pop();
  use(next);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'next' is used after the element it refers to was erased from 'q'
  const int &best = pq.top();
  pq.pop();
  use(best);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'best' may dangle: it points into 'pq', which may have moved its elements since
}

void adaptorsNearMisses(std::queue<int> &q) {
  int &last = q.back(); // a queue pops its front
  q.pop();
  use(last);
}

// --- erase by key ----------------------------------------------------------

void eraseOwnKey(std::set<int> &s, std::map<int, int> &m) {
  auto si = s.find(1);
  s.erase(*si);
  use(*si);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'si' is used after the element it refers to was erased from 's' [slicemap-dangling-view]
  auto mi = m.find(1);
  m.erase(mi->first);
  use(mi->second);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'mi' is used after the element it refers to was erased from 'm' [slicemap-dangling-view]
  int &value = m[2];
  m.erase(2);
  use(value);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'value' is used after the element it refers to was erased from 'm' [slicemap-dangling-view]
}

void eraseSomeKey(std::map<int, int> &m, std::unordered_set<int> &u, int k) {
  auto it = m.find(1);
  m.erase(k);
  use(it->second);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'it' is used after the element it refers to was erased from 'm' (on some path) [slicemap-dangling-view]
  auto ui = u.begin();
  u.erase(k);
  use(*ui);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'ui' is used after the element it refers to was erased from 'u' (on some path)
}

void eraseOtherKey(std::map<int, int> &m, std::map<std::string, int> &names) {
  // Different constant keys: another element.
  auto it = m.find(1);
  int &two = m[2];
  m.erase(3);
  use(it->second);
  use(two);
  auto a = names.find("a");
  names.erase("b");
  use(a->second);
}

// --- unordered: a rehash invalidates iterators, not references ------------

void unorderedRehash(std::unordered_map<int, int> &m) {
  auto it = m.find(1);
  m[2] = 3;
  use(it->second);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'it' is an iterator into 'm', which may have rehashed since [slicemap-dangling-view]
  // CHECK-MESSAGES: :[[@LINE-3]]:3: note: 'm' may rehash here, invalidating its iterators
}

void unorderedReferencesStay(std::unordered_map<int, int> &m,
                             std::unordered_set<int> &s) {
  int &r = m[1];
  int *p = &m.at(2);
  m.insert({5, 5});
  m.emplace(6, 6);
  m.reserve(100);
  use(r);
  use(*p);
  const int &e = *s.find(1);
  s.insert(2);
  use(e);
}

// --- std::erase / std::erase_if: what is erased is known at run time -----

void freeErase(std::vector<int> &v, std::list<int> &l) {
  int &r = v[0];
  std::erase(v, 3);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v', which may have moved its elements since (on some path)
  auto li = l.begin();
  std::erase_if(l, [](int x) { return x > 2; });
  use(*li);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'li' is used after the element it refers to was erased from 'l' (on some path)
}

// --- one of two containers -------------------------------------------------

void eitherContainer(std::vector<int> &a, std::vector<int> &b,
                     std::vector<int> &c) {
  int &ra = a[0];
  int &rb = b[0];
  int &rc = c[0];
  (flag() ? a : b).push_back(1);
  use(ra);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'ra' may dangle: it points into 'a', which may have moved its elements since (on some path)
  use(rb);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'rb' may dangle: it points into 'b', which may have moved its elements since (on some path)
  use(rc);
}

void eitherPointer(std::vector<int> *a, std::vector<int> *b) {
  int *p = a->data();
  (flag() ? a : b)->emplace_back(2);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'a', which may have moved its elements since (on some path)
}

void eitherNearMiss(std::vector<int> &a, std::vector<int> &b) {
  int &ra = a[0];
  (flag() ? a : b)[0] = 1; // an element write: no growth
  use(ra);
}

#define GROW_ONE_OF(x, y) (flag() ? (x) : (y)).push_back(0)

void eitherMacro(std::vector<int> &a, std::vector<int> &b) {
  int &ra = a.front();
  GROW_ONE_OF(a, b);
  use(ra);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'ra' may dangle: it points into 'a', which may have moved its elements since (on some path)
}

template <class C> void eitherTemplate(C &a, C &b) {
  auto it = a.begin();
  (flag() ? a : b).insert(b.end(), 1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'a', which may have moved its elements since (on some path)
}
template void eitherTemplate(std::vector<int> &, std::vector<int> &);

void eitherLambda(std::vector<int> &a, std::vector<int> &b) {
  auto grow = [](std::vector<int> &x, std::vector<int> &y) {
    int &r = x.back();
    (flag() ? x : y).resize(10);
    use(r);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'r' may dangle: it points into 'x', which may have moved its elements since (on some path)
  };
  grow(a, b);
}

// --- never: std::array, list reordering ------------------------------------

void neverInvalidated(std::array<int, 4> &a, std::list<int> &l,
                      std::list<int> &other) {
  int &r = a[0];
  a.fill(0);
  use(r);
  auto li = l.begin();
  l.sort();
  l.reverse();
  l.splice(l.end(), other);
  use(*li);
}

// --- erase by key: the copy-the-key-then-step idiom ---------------------------

void eraseCopiedKeyAfterStep(std::map<int, int> &m) {
  for (auto it = m.begin(); it != m.end();) {
    if (it->second == 0) {
      const int key = it->first;
      ++it;
      m.erase(key);
    } else {
      ++it;
    }
    if (it != m.end())
      use(it->second);
  }
}

// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Where views come from beyond member calls: std::begin and friends, the
// std::ranges customisation points, algorithms that return a position in
// their range, std::next/prev/advance and iterator arithmetic, assignment to
// an existing variable, a converted iterator, and references and pointers
// into the members of elements and into elements that are containers. Each
// with the near-misses that must stay silent.

#include <algorithm>
#include <deque>
#include <iterator>
#include <list>
#include <map>
#include <ranges>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

void use(int);
void use(std::string_view);
bool flag();

struct Rec {
  std::string name;
  int field = 0;
  std::vector<int> inner;
  int *elsewhere = nullptr;
};

// --- std::begin, std::data, std::ranges::begin ------------------------------

void freeBegin(std::vector<int> &v) {
  auto b = std::begin(v);
  auto c = std::cbegin(v);
  auto e = std::end(v);
  auto r = std::rbegin(v);
  v.push_back(1);
  use(*b);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'b' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  use(*c);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'c' may dangle: it points into 'v'
  use(e == b);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'e' may dangle: it points into 'v'
  use(*r);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'r' may dangle: it points into 'v'
}

void freeData(std::string &s, std::vector<int> &v) {
  const char *p = std::data(s);
  int *q = std::ranges::data(v);
  s += "more";
  v.resize(9);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 's'
  use(*q);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'q' may dangle: it points into 'v'
}

void rangesBegin(std::vector<int> &v) {
  auto b = std::ranges::begin(v);
  auto e = std::ranges::cend(v);
  if (flag())
    v.push_back(1);
  use(*b);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'b' may dangle: it points into 'v', which may have moved its elements since (on some path)
  use(e == b);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'e' may dangle: it points into 'v', which may have moved its elements since (on some path)
}

void freeBeginSilent(std::vector<int> &v, std::vector<int> &other,
                     std::list<int> &l) {
  auto b = std::begin(v);
  other.push_back(1); // another container
  use(*b);
  auto n = std::size(v); // not a view
  v.push_back(1);
  use(n);
  auto i = std::begin(l);
  l.push_back(1); // node-based: no element moves
  use(*i);
  int a[3] = {};
  int *p = std::begin(a); // an array: nothing moves it
  v.push_back(2);
  use(*p);
}

// --- an existing variable assigned -------------------------------------------

void assigned(std::vector<int> &v) {
  std::vector<int>::iterator it;
  it = v.begin();
  v.push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
  int *p = nullptr;
  p = &v[0];
  v.emplace_back(2);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v'
}

void assignedInForInit(std::vector<int> &v) {
  std::vector<int>::iterator it;
  for (it = v.begin(); it != v.end(); ++it)
    if (*it == 3)
      v.push_back(4);
  // CHECK-MESSAGES: :[[@LINE-3]]:41: warning: 'it' may dangle: it points into 'v', which may have moved its elements since (on some path)
}

void assignedSilent(std::vector<int> &v, std::vector<int> &w) {
  std::vector<int>::iterator it;
  for (it = v.begin(); it != v.end(); ++it)
    if (*it == 3)
      w.push_back(4); // another container
  int *p = nullptr;
  for (int i = 0; i < 3; ++i) {
    p = &v[0]; // re-made before every use
    use(*p);
    v.push_back(i);
  }
  it = v.begin();
  v.push_back(5);
  it = v.begin(); // re-made into the grown storage
  use(*it);
}

void reassignedToAnotherContainer(std::vector<int> &v, std::vector<int> &w) {
  auto it = v.begin();
  it = w.begin();
  v.push_back(1); // it no longer points into v
  use(*it);
  w.push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'w'
}

// Made from different containers on different paths: the use may dangle on
// the paths of the one that changed.
void containerChosenByPath(std::vector<int> &v, std::vector<int> &w,
                           std::vector<int> &x, bool pick) {
  auto it = std::find(v.begin(), v.end(), 1);
  if (pick)
    it = w.begin();
  else
    it = std::find(x.begin(), x.end(), 2);
  w.clear();
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'w', which may have moved its elements since (on some path)
  int *p = v.data();
  if (pick)
    p = &w[0];
  v.push_back(1);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path)
}

// Near-misses: the container that changed is none of those viewed, or the
// view is re-made on every path before the use.
void containerChosenByPathSilent(std::vector<int> &v, std::vector<int> &w,
                                 std::vector<int> &other, bool pick) {
  auto it = v.begin();
  if (pick)
    it = w.begin();
  other.push_back(1);
  use(*it);
  v.push_back(1);
  it = pick ? w.begin() : w.end();
  use(*it);
}

// std::swap of two views exchanges them: each takes the other's container.
void swappedViews(std::vector<int> &v, std::vector<int> &w, int *other) {
  auto x = v.begin(), y = w.begin();
  v.clear();
  std::swap(x, y);
  use(*x); // w's begin()
  use(*y);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  int *p = v.data(), *q = w.data();
  std::swap(p, q);
  v.push_back(1);
  use(*p);
  use(*q);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'q' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  int *r = v.data();
  std::swap(r, other); // r now holds a pointer from elsewhere
  v.push_back(2);
  use(*r);
}

template <class It> void swappedTemplate(std::vector<int> &v, It y) {
  It x = v.begin();
  using std::swap;
  swap(x, y);
  v.push_back(1);
  use(*y);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'y' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  use(*x);
}
template void swappedTemplate(std::vector<int> &, std::vector<int>::iterator);

// --- algorithm results -------------------------------------------------------

void algorithms(std::vector<int> &v) {
  auto f = std::find(v.begin(), v.end(), 3);
  auto g = std::find_if(v.begin(), v.end(), [](int x) { return x > 2; });
  auto l = std::lower_bound(v.begin(), v.end(), 3);
  auto u = std::upper_bound(v.cbegin(), v.cend(), 3);
  auto mn = std::min_element(v.begin(), v.end());
  auto mx = std::max_element(v.begin(), v.end());
  v.insert(v.begin(), 0);
  use(*f);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'f' may dangle: it points into 'v'
  use(*g);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'g' may dangle: it points into 'v'
  use(*l);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'l' may dangle: it points into 'v'
  use(*u);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'u' may dangle: it points into 'v'
  use(*mn);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'mn' may dangle: it points into 'v'
  use(*mx);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'mx' may dangle: it points into 'v'
}

void rangesAlgorithms(std::vector<int> &v) {
  auto f = std::ranges::find(v, 3);
  auto l = std::ranges::lower_bound(v, 3);
  auto m = std::ranges::max_element(v.begin(), v.end());
  v.clear();
  use(*f);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'f' may dangle: it points into 'v'
  use(*l);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'l' may dangle: it points into 'v'
  use(*m);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'm' may dangle: it points into 'v'
}

void algorithmsSilent(std::vector<int> &v) {
  int largest = *std::max_element(v.begin(), v.end()); // a copy
  auto count = std::count(v.begin(), v.end(), 3);       // a number
  auto at = std::find(v.begin(), v.end(), 3) - v.begin(); // an index
  auto distance = std::distance(v.begin(), v.end());
  v.push_back(1);
  use(largest);
  use(count);
  use(at);
  use(distance);
  use(v[at]);
}

// --- std::next, std::prev, std::advance, it + n, n + it ----------------------

void positions(std::vector<int> &v) {
  auto n = std::next(v.begin());
  auto p = std::prev(v.end(), 2);
  auto plus = 2 + v.begin();
  auto minus = v.end() - 1;
  auto moved = v.begin();
  std::advance(moved, 2);
  v.reserve(100);
  use(*n);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'n' may dangle: it points into 'v'
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v'
  use(*plus);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'plus' may dangle: it points into 'v'
  use(*minus);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'minus' may dangle: it points into 'v'
  use(*moved);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'moved' may dangle: it points into 'v'
}

void steppedInPlace(std::vector<int> &v) {
  auto it = v.begin();
  it = std::next(it); // still into v
  int *p = v.data();
  p = p + 1;
  v.push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v'
}

void eitherArmAndAddress(std::vector<int> &v, std::vector<int> &w,
                         bool first) {
  auto it = first ? v.begin() : v.end() - 1;
  int *p = v.empty() ? nullptr : &v[0];
  int *q = std::to_address(v.begin());
  int *mixed = first ? &v[0] : &w[0]; // either container: not followed
  v.push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v'
  use(*q);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'q' may dangle: it points into 'v'
  use(*mixed);
}

// --- a converted iterator ----------------------------------------------------

void constIterator(std::vector<int> &v, std::map<int, int> &m) {
  std::vector<int>::const_iterator it = v.begin();
  std::vector<int>::const_reverse_iterator r(v.rbegin());
  std::map<int, int>::const_iterator mi = m.find(1);
  v.push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
  use(*r);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'r' may dangle: it points into 'v'
  m.erase(mi);
  use(mi->second);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'mi' is used after the element it refers to was erased from 'm'
}

// --- members of elements, elements of elements -------------------------------

void membersOfElements(std::vector<Rec> &v) {
  const std::string &s = v.at(0).name;
  int *f = &v[0].field;
  int &i = v.back().inner[2];
  auto it = v.begin();
  int &viaArrow = it->field;
  v.push_back({});
  use(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 's' may dangle: it points into 'v'
  use(*f);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'f' may dangle: it points into 'v'
  use(i);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'i' may dangle: it points into 'v'
  use(viaArrow);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'viaArrow' may dangle: it points into 'v'
}

void elementsOfElements(std::vector<std::vector<int>> &grid,
                        std::vector<std::string> &names) {
  int *p = &grid.at(0).at(0);
  int &q = grid[1][2];
  const char *c = names[0].c_str();
  std::string_view sv = names[1];
  grid.push_back({});
  names.emplace_back("x");
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'grid'
  use(q);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'q' may dangle: it points into 'grid'
  use(*c);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'c' may dangle: it points into 'names'
  use(sv);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sv' may dangle: it points into 'names'
}

void innerAndOuter(std::vector<Rec> &v, std::vector<std::vector<int>> &grid) {
  Rec &r = v[0];
  int &x = r.inner[2];
  r.inner.push_back(1); // the inner container moves x
  use(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'x' may dangle: it points into 'r.inner'
  auto &row = grid[0];
  int &cell = row[1];
  grid.push_back({}); // the outer container moves row, and cell with it
  use(cell);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'cell' may dangle: it points into 'grid'
}

void membersOfElementsSilent(std::vector<Rec> &v, std::deque<Rec> &d,
                             std::vector<std::list<int>> &lists) {
  int f = v[0].field;           // a copy
  std::string n = v.at(0).name; // a copy
  int *e = v[0].elsewhere;      // the member's value points elsewhere
  int &x = *v.back().elsewhere;
  Rec &r = v[0];
  int &inner = r.inner[0];
  v[1].inner.push_back(1); // another element's inner container
  use(inner);
  v.push_back({});
  use(f);
  use(n);
  use(*e);
  use(x);
  int &front = d.front().field;
  d.push_back({}); // a deque keeps its elements in place
  use(front);
  int &node = lists[0].front(); // a list keeps its nodes when it moves
  lists.push_back({});
  use(node);
}

// --- templates, macros, lambdas ----------------------------------------------

template <class C> void inTemplate(C &c) {
  auto it = std::ranges::find(c, 1);
  auto *p = &*std::next(std::begin(c));
  c.push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'c'
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'c'
}
template void inTemplate(std::vector<int> &);
template void inTemplate(std::list<int> &); // node-based: silent

#define FIRST_OF(c) std::begin(c)
#define FIELD_OF(c) (c)[0].field

void inMacro(std::vector<Rec> &v) {
  auto it = FIRST_OF(v);
  int &f = FIELD_OF(v);
  v.push_back({});
  use(it->field);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'it' may dangle: it points into 'v'
  use(f);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'f' may dangle: it points into 'v'
}

void inLambda(std::vector<int> &v) {
  auto body = [&v] {
    auto it = std::lower_bound(std::begin(v), std::end(v), 3);
    v.push_back(1);
    use(*it);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'it' may dangle: it points into 'v'
  };
  body();
}

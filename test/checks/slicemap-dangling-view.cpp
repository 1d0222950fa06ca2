// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// View kinds x container families x operation families; loops, branches,
// members, calls; and the near-misses that must stay silent.

#include <array>
#include <deque>
#include <list>
#include <map>
#include <set>
#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

void use(int);
void use(std::string_view);
bool flag();

// --- std::vector: anything that may reallocate ------------------------------

void vectorIterator(std::vector<int> &v) {
  auto it = v.begin();
  v.push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void vectorPointer(std::vector<int> &v) {
  int *p = v.data();
  v.resize(100);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v'
  int *q = &v[0];
  v.emplace_back(2);
  use(q[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'q' may dangle: it points into 'v'
  int *end = v.data() + v.size();
  v.reserve(1000);
  use(end[-1]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'end' may dangle: it points into 'v'
}

void vectorReference(std::vector<int> &v) {
  int &first = v.front();
  v.insert(v.begin(), 0);
  use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it points into 'v'
  const int &last = v.back();
  v.assign(3, 0);
  use(last);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'last' may dangle: it points into 'v'
  int &at = v.at(1);
  v.shrink_to_fit();
  at = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'at' may dangle: it points into 'v'
}

void vectorSpan(std::vector<int> &v, std::vector<int> &other) {
  std::span<int> s = v;
  v.insert(v.end(), {1, 2});
  use(s[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 's' may dangle: it points into 'v'
  std::span<int> t(other.data(), 2);
  other = {};
  use(t.front());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 't' may dangle: it points into 'other'
}

// A span's iterators, pointers and elements point into the vector it views.
void spanPositions(std::vector<int> &v) {
  std::span<int> s = v;
  auto it = s.begin();
  int *d = s.data();
  int &last = s.back();
  auto sub = s.subspan(1).end();
  v.push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
  use(*d);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'd' may dangle: it points into 'v'
  use(last);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'last' may dangle: it points into 'v'
  use(sub[-1]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sub' may dangle: it points into 'v'
}

// Near-misses: a span's size is a number; a span of a std::array never
// moves; positions taken after the growth are fresh.
void spanPositionsSilent(std::vector<int> &v, std::array<int, 4> &a) {
  std::span<int> s = v;
  std::size_t n = s.size();
  std::span<int> fixed = a;
  auto f = fixed.begin();
  v.push_back(1);
  std::span<int> again = v;
  auto it = again.begin();
  use(*it + static_cast<int>(n) + *f);
}

void vectorEraseAndClear(std::vector<int> &v) {
  auto it = v.begin() + 1;
  v.erase(v.begin());
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
  int &r = v[0];
  v.clear();
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
}

// --- std::string ----------------------------------------------------------

void stringViews(std::string &s) {
  std::string_view view = s;
  s += "more";
  use(view);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'view' may dangle: it points into 's'
  const char *c = s.c_str();
  s.append("x");
  use(*c);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'c' may dangle: it points into 's'
  std::string_view sub = std::string_view(s).substr(1);
  s = "replaced";
  use(sub);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sub' may dangle: it points into 's'
  char &ch = s[0];
  s.push_back('!');
  use(ch);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'ch' may dangle: it points into 's'
}

// --- std::deque: iterators by push_*, references survive ---------------------

void deque(std::deque<int> &d) {
  int &front = d.front();
  auto it = d.begin();
  d.push_back(1);
  use(front);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' is an iterator into 'd', whose iterators were invalidated since
  int &r = d.back();
  d.insert(d.begin() + 1, 5);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'd'
}

// --- Node-based: only erasing that element ------------------------------------

void nodeBased(std::map<int, int> &m, std::list<int> &l, std::set<int> &s) {
  auto it = m.find(1);
  int &value = m[2];
  m[3] = 4;
  m.insert({5, 6});
  use(it->second);
  use(value);
  m.erase(it);
  use(it->first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'it' is used after the element it refers to was erased from 'm'
  auto li = l.begin();
  l.push_back(1);
  l.push_front(0);
  use(*li);
  auto si = s.find(3);
  s.erase(4);
  use(*si);
}

// erase(++it) steps the variable onto the element it erases; erase(it++)
// hands over a copy of the position it leaves.
void erasePreIncremented(std::list<int> &l, std::list<int>::iterator stop) {
  auto it = l.begin();
  while (it != stop) {
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'it' is used after the element it refers to was erased from 'l' (on some path)
    l.erase(++it);
  }
}

void erasePreDecremented(std::map<int, int> &m) {
  auto it = m.end();
  m.erase(--it);
  use(it->first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'it' is used after the element it refers to was erased from 'm'
}

void erasePostIncremented(std::list<int> &l, std::map<int, int> &m) {
  for (auto it = l.begin(); it != l.end();)
    l.erase(it++);
  for (auto it = m.begin(); it != m.end();) {
    if (it->second)
      m.erase(it++);
    else
      ++it;
  }
}

// --- Open addressing: any insertion may rehash -------------------------------

void slicemapMap(slicemap::Map<int, long> &m) {
  long *p = m.find(1);
  m.set(2, 2);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'm'
  long &r = m[3];
  m[4] = 5;
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'm'
  long *q = m.find(1);
  m.erase(7);
  (void)m.get(1);
  use(*q);
}

void iterateAndWriteExistingKeys(slicemap::Map<int, int> &m,
                                 std::unordered_map<int, int> &u) {
  for (auto [key, value] : m)
    m.set(key, value + 1);
  for (auto &kv : u)
    u[kv.first] = kv.second * 2;
}

// --- slicemap::Slice: an append that grows moves the array ---------------------

void sliceAppend(slicemap::Slice<int> s) {
  int &r = s[0];
  s = append(s, 1);
  r = 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'r' points into the array 's' had before an append that may have moved it; writes through 'r' are lost
  int *p = &s[1];
  s[0] = 2;
  use(*p);
}

// --- Range-for over a container the body changes -------------------------------

void rangeFor(std::vector<int> &v, std::map<int, int> &m) {
  for (int x : v)
    if (x > 2)
      v.push_back(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'v' is modified while a range-for iterates over it; this may invalidate the loop's iterator on some path
  for (int x : v) {
    if (x == 0) {
      v.push_back(1);
      break; // leaves the loop: fine
    }
  }
  for (auto &[k, value] : m)
    m[k + 1] = value; // node-based: fine
}

// --- Branches and loops -------------------------------------------------------

void onSomePath(std::vector<int> &v) {
  int &r = v[0];
  if (flag())
    v.push_back(1);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v', which may have moved its elements since (on some path)
}

void inLoop(std::vector<int> &v) {
  for (auto it = v.begin(); it != v.end(); ++it)
    if (*it == 0)
      v.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-3]]:46: warning: 'it' may dangle: it points into 'v', which may have moved its elements since (on some path)
}

void eraseLoopDoneRight(std::vector<int> &v) {
  for (auto it = v.begin(); it != v.end();) {
    if (*it == 0)
      it = v.erase(it);
    else
      ++it;
  }
}

void reestablished(std::vector<int> &v, std::string &s) {
  int *p = v.data();
  v.push_back(1);
  p = v.data();
  use(*p);
  auto it = v.begin();
  it = v.insert(it, 0);
  use(*it);
  std::string_view view = s;
  s += "x";
  view = s;
  use(view);
}

// --- Members, and calls with bodies in this TU --------------------------------

void grow(std::vector<int> &v) { v.push_back(1); }
void growTwice(std::vector<int> &v) { grow(v); }
void growThroughPointer(std::vector<int> *v) { v->push_back(1); }
void read(const std::vector<int> &v) { use(v.size()); }
void unknown(std::vector<int> &v);

void calls(std::vector<int> &v) {
  int &r = v[0];
  grow(v);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
  int &s = v[0];
  growTwice(v);
  use(s);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 's' may dangle: it points into 'v'
  int *p = v.data();
  growThroughPointer(&v);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v'
  int &t = v[0];
  read(v);
  unknown(v);
  use(t);
}

void throughPointer(std::vector<int> *v) {
  auto it = v->begin();
  v->push_back(1);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
}

struct Buffer {
  std::vector<int> data;
  std::string name;
  std::span<int> view() { return data; }
  const std::string &label() const [[clang::lifetimebound]] { return name; }
  void add(int x) { data.push_back(x); }
  void rename() { name += "!"; }
  int size() const { return static_cast<int>(data.size()); }

  void method() {
    int *p = data.data();
    add(1);
    use(*p);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'data'
    int *q = this->data.data();
    data.push_back(2);
    use(*q);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'q' may dangle: it points into 'data'
  }
};

void members(Buffer &b, Buffer &other) {
  auto s = b.view();
  b.add(1);
  use(s[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 's' may dangle: it points into 'b.data'
  int *p = b.data.data();
  b.data.push_back(1);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'b.data'
  const std::string &label = b.label();
  b.rename();
  use(label);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'label' may dangle: it points into 'b'
  auto t = b.view();
  other.add(1);
  use(b.size());
  use(t[0]);
}

// --- Templates: each instantiation, reported once -----------------------------

template <class Container> void templated(Container &c) {
  auto it = c.begin();
  c.push_back(typename Container::value_type());
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'c'
}
template void templated(std::vector<int> &);
template void templated(std::deque<int> &);

template <class Container> void templatedNodeBased(Container &c) {
  auto it = c.begin();
  c.push_back(typename Container::value_type());
  use(*it);
}
template void templatedNodeBased(std::list<int> &);

// --- Silent -------------------------------------------------------------------

void elementWritesAndIndices(std::vector<int> &v, std::string &s) {
  auto it = v.begin();
  v[0] = 1;
  s[0] = 'y';
  use(*it);
  std::size_t i = 0;
  v.push_back(1);
  use(v[i]);
}

void viewAfterMutation(std::vector<int> &v) {
  v.push_back(1);
  int &r = v.back();
  use(r);
}

void viewNotUsedAfter(std::vector<int> &v) {
  int &r = v[0];
  use(r);
  v.push_back(1);
}

void constAccess(std::vector<int> &v) {
  auto it = v.cbegin();
  use(static_cast<int>(v.size()));
  (void)v.empty();
  use(*it);
}

void fixedStorage(std::array<int, 4> &a) {
  int *p = a.data();
  a.fill(0);
  a = {};
  use(*p);
}

void copiesAreNotViews(std::vector<int> &v, std::vector<std::string> &names) {
  int first = v[0];
  auto name = names[0];
  v.push_back(1);
  names.push_back("x");
  use(first);
  use(name);
}

void escapedView(std::vector<int> &v) {
  int *p = v.data();
  int **pp = &p;
  v.push_back(1);
  *pp = v.data();
  use(*p);
}

void otherContainer(std::vector<int> &v, std::vector<int> &w) {
  int &r = v[0];
  w.push_back(1);
  use(r);
}

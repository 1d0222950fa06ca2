// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// A value copied out of an element is not a view: only references,
// pointers and iterators to the element's storage are. And a copy of an
// iterator that was stepped to another element (`auto next = it; ++next;`)
// survives erasing it's element from a node-based container.

#include <iterator>
#include <list>
#include <map>
#include <memory>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct Node {
  int value = 0;
};
struct Handle {
  int id = 0;
};
void use(int);
void use(Node *);
void use(std::string_view);
bool flag();

// --- values of elements ------------------------------------------------------

void worklist(std::vector<Node *> &stack, Node *x) {
  while (!stack.empty()) {
    Node *n = stack.back();
    stack.pop_back();
    stack.push_back(x);
    use(n);
  }
}

void elementValues(std::vector<Node *> &v, std::vector<std::unique_ptr<Node>> &owned,
                   std::vector<std::shared_ptr<Node>> &shared,
                   std::vector<Handle> &handles) {
  Node *front = v.front();
  Node *at = v.at(1);
  Node *indexed = v[2];
  auto it = v.begin();
  Node *deref = *it;
  Node &pointee = *v[0];
  int &member = v.back()->value;
  Node *raw = owned[0].get();
  Node &byUnique = *owned.back();
  std::shared_ptr<Node> copy = shared.front();
  Handle h = handles[0];
  v.push_back(nullptr);
  owned.push_back(nullptr);
  shared.clear();
  handles.push_back({});
  use(front);
  use(at);
  use(indexed);
  use(deref);
  use(pointee.value);
  use(member);
  use(raw);
  use(byUnique.value);
  use(copy.get());
  use(h.id);
}

void viewValues(std::vector<std::string_view> &views,
                std::vector<std::span<int>> &spans,
                std::vector<const char *> &strings) {
  std::string_view sv = views[0];
  std::string_view sub = views.back().substr(1);
  std::span<int> s = spans.front();
  int &x = spans[0][0];
  int *data = spans[1].data();
  std::string_view fromPointer = strings[0];
  std::string_view built(strings.at(1));
  views.push_back({});
  spans.push_back({});
  strings.push_back("x");
  use(sv);
  use(sub);
  use(s[0]);
  use(x);
  use(*data);
  use(fromPointer);
  use(built);
}

// The storage itself: references, pointers and iterators into it are views,
// and so is a string_view of a std::string element (its buffer moves with it).
void storage(std::vector<Node *> &v, std::vector<std::string> &strings) {
  Node *&ref = v.back();
  Node **p = &v[0];
  auto it = v.begin();
  std::string_view sv = strings[0];
  v.push_back(nullptr);
  strings.push_back("x");
  use(ref);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'ref' may dangle: it points into 'v'
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v'
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
  use(sv);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'sv' may dangle: it points into 'strings'
}

// --- member functions returning an element by value or by reference ---------

class Table {
public:
  Node *get(unsigned Id) const { return table[Id]; }
  Node *const &slot(unsigned Id) const { return table[Id]; }
  std::string_view name(unsigned Id) const { return names[Id]; }
  std::string_view alias(unsigned Id) const { return aliases[Id]; }
  void add(Node *N) { table.push_back(N); }
  void addName() { names.emplace_back("n"); }
  void addAlias() { aliases.emplace_back("a"); }

  void byValue() {
    Node *n = get(0);
    std::string_view a = alias(0);
    add(nullptr);
    addAlias();
    use(n);
    use(a);
  }
  void byReference() {
    Node *const &s = slot(0);
    std::string_view n = name(0);
    add(nullptr);
    addName();
    use(s);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 's' may dangle: it points into 'table'
    use(n);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'n' may dangle: it points into 'names'
  }

private:
  std::vector<Node *> table;
  std::vector<std::string> names;
  std::vector<std::string_view> aliases;
};

// --- iterator identity on node-based containers -------------------------------

void nextSurvivesErase(std::list<int> &l, std::map<int, int> &m,
                       std::set<int> &s, std::unordered_map<int, int> &u) {
  for (auto it = l.begin(); it != l.end();) {
    auto next = it;
    ++next;
    if (*it == 0)
      l.erase(it);
    it = next;
  }
  for (auto it = m.begin(); it != m.end();) {
    auto next = std::next(it);
    if (it->second == 0)
      m.erase(it);
    it = next;
  }
  for (auto it = s.begin(); it != s.end();) {
    auto next = it;
    std::advance(next, 1);
    if (*it == 0)
      s.erase(it);
    it = next;
  }
  for (auto it = u.begin(); it != u.end();) {
    auto next = it;
    next++;
    if (it->second == 0)
      u.erase(it);
    it = next;
  }
}

void originMovedAway(std::list<int> &l, std::list<int>::iterator other) {
  auto it = l.begin();
  auto kept = it;
  ++it; // it now denotes the next element
  l.erase(it);
  use(*kept);
  auto at = l.begin();
  auto copy = at;
  at = other; // at denotes another element
  l.erase(at);
  use(*copy);
}

void sameElementErased(std::list<int> &l, std::map<int, int> &m) {
  auto it = l.begin();
  auto copy = it;
  l.erase(it);
  use(*copy);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'copy' is used after the element it refers to was erased from 'l'
  auto mi = m.find(1);
  auto alias = mi;
  if (flag())
    m.erase(mi);
  use(alias->second);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'alias' is used after the element it refers to was erased from 'm' (on some path)
  auto k = m.begin();
  const int &key = k->first;
  m.erase(k);
  use(key);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'key' is used after the element it refers to was erased from 'm'
}

// --- templates, macros, lambdas ----------------------------------------------

template <class T> T popTop(std::vector<T> &stack, T x) {
  T top = stack.back();
  stack.pop_back();
  stack.push_back(x);
  return top;
}
template Node *popTop(std::vector<Node *> &, Node *);
template std::string_view popTop(std::vector<std::string_view> &,
                                 std::string_view);

template <class T> void refTop(std::vector<T> &stack, T x) {
  T &top = stack.back();
  stack.push_back(x);
  use(top);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'top' may dangle: it points into 'stack'
}
template void refTop(std::vector<Node *> &, Node *);

template <class C> void eraseAll(C &c) {
  for (auto it = c.begin(); it != c.end();) {
    auto next = std::next(it);
    c.erase(it);
    it = next;
  }
}
template void eraseAll(std::list<int> &);
template void eraseAll(std::set<int> &);

#define TOP(v) (v).back()
#define ADVANCE(i) ++(i)

void inMacros(std::vector<Node *> &v, std::list<int> &l) {
  Node *n = TOP(v);
  v.push_back(nullptr);
  use(n);
  auto it = l.begin();
  auto next = it;
  ADVANCE(next);
  l.erase(it);
  use(*next);
}

void inLambda(std::vector<Node *> &v) {
  auto pop = [&v]() {
    Node *n = v.back();
    v.pop_back();
    v.push_back(nullptr);
    return n;
  };
  use(pop());
  auto ref = [&v]() {
    Node *&r = v.front();
    v.push_back(nullptr);
    use(r);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'r' may dangle: it points into 'v'
  };
  ref();
}

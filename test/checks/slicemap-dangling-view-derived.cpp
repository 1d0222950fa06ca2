// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Classes derived from std containers (a project-wide pattern: `template
// <class T> class vector : public std::vector<T>` with its own operator[])
// and aliases of them have the base's family; privately derived classes
// keep their own interface and are not followed.

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

void use(int);
void use(std::size_t);
bool flag();

namespace proj {
template <class T> class vector : public std::vector<T> {
public:
  using std::vector<T>::vector;
  T &operator[](std::size_t I) { return std::vector<T>::at(I); }
  void add(const T &X) { this->push_back(X); }
};
template <class K, class V> class map : public std::map<K, V> {};
template <class K, class V> class hash_map : public std::unordered_map<K, V> {};
class Names : public std::vector<std::string> {};
using Ints = vector<int>;
template <class T> using Vec = vector<T>;
} // namespace proj

class Guarded : private std::vector<int> {
public:
  using std::vector<int>::push_back;
  int &first() { return front(); }
};

void derivedGrows(proj::vector<int> &v) {
  int &r = v[0]; // the derived operator[]
  v.push_back(1);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  auto it = v.begin();
  v.emplace_back(2);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
}

void derivedOwnGrowingMember(proj::vector<int> &v) {
  int *p = v.data();
  v.add(3); // pushes into *this
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v'
}

void aliases(proj::Ints &a, proj::Vec<long> &b) {
  int *p = a.data();
  a.resize(10);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'a'
  long &l = b.back();
  b.pop_back();
  use(static_cast<int>(l));
  // CHECK-MESSAGES: :[[@LINE-1]]:24: warning: 'l' is used after the element it refers to was erased from 'b'
}

void notATemplate(proj::Names &names) {
  std::string &s = names.front();
  names.push_back("x");
  use(s.size());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 's' may dangle: it points into 'names'
}

void derivedMaps(proj::map<int, int> &m, proj::hash_map<int, int> &h) {
  auto it = m.find(1);
  m.erase(it);
  use(it->second);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'it' is used after the element it refers to was erased from 'm'
  auto hi = h.find(1);
  h[2] = 2;
  use(hi->second);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'hi' is an iterator into 'h', which may have rehashed since
}

template <class T> void inTemplate(proj::vector<T> &v) {
  auto it = v.begin();
  v.push_back(T());
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v'
}
template void inTemplate(proj::vector<int> &);

#define GROW(c) (c).insert((c).end(), 1)

void inMacroAndLambda(proj::vector<int> &v) {
  int &r = v.front();
  GROW(v);
  use(r);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v'
  auto inner = [](proj::Ints &w) {
    int &x = w[1];
    w.shrink_to_fit();
    use(x);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'x' may dangle: it points into 'w'
  };
  inner(v);
}

// --- near-misses --------------------------------------------------------------

void derivedNearMisses(proj::vector<int> &v, proj::map<int, int> &m,
                       proj::hash_map<int, int> &h) {
  int &r = v[0];
  v[1] = 2; // element writes
  v.pop_back(); // not the viewed element
  use(r);
  auto it = m.find(1);
  m[3] = 4; // a node-based map never moves its elements
  use(it->second);
  int &value = h[1];
  h[5] = 6; // a rehash keeps references
  use(value);
}

void privatelyDerived(Guarded &g) {
  int &r = g.first();
  g.push_back(1);
  use(r);
}

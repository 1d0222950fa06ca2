// RUN: %check_clang_tidy %s slicemap-nil-map-write %t

// A class publicly derived from slicemap::Map that declares no constructor
// is made nil like a Map; one with a constructor of its own may make it.

#include <slicemap/map.hpp>
#include <string>

using slicemap::make_map;
using slicemap::Map;

struct Counts : Map<std::string, int> {};
struct MoreCounts : Counts {};
using CountsAlias = Counts;
template <class V> struct Registry : Map<int, V> {};

struct Made : Map<int, int> {
  Made() : Map<int, int>(make_map<int, int>()) {}
};
class Hidden : private Map<int, int> {
public:
  using Map<int, int>::set;
};

void derivedNil() {
  Counts c;
  c.set("a", 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'c': this write always panics [slicemap-nil-map-write]
  MoreCounts m;
  m["b"] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: assignment to entry in nil map 'm': this write always panics
  CountsAlias a;
  a.set("c", 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'a': this write always panics
}

template <class V> void inTemplate(V value) {
  Registry<V> r;
  r.set(1, value);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'r': this write always panics
}
template void inTemplate(long);

void derivedMade() {
  Counts c{make_map<std::string, int>()};
  c.set("a", 1);
  Made m;
  m.set(1, 1);
  Hidden h;
  h.set(2, 2);
}

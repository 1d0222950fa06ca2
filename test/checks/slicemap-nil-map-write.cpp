// RUN: %check_clang_tidy %s slicemap-nil-map-write %t

#include <map>
#include <slicemap/map.hpp>
#include <string>
#include <utility>

using slicemap::make_map;
using slicemap::Map;

bool flag();
void consume(Map<int, int>);
void fill(Map<int, int> &);
void fillPointer(Map<int, int> *);
void read(const Map<int, int> &);
Map<int, int> produce();

// --- Nil on every path --------------------------------------------------------

void defaultConstructed() {
  Map<std::string, int> m;
  m.set("a", 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'm': this write always panics [slicemap-nil-map-write]
}

void braces() {
  Map<int, int> m{};
  m[1] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: assignment to entry in nil map 'm'
  Map<int, int> n = {};
  n[1] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: assignment to entry in nil map 'n'
}

void assignedNil() {
  auto m = make_map<int, int>();
  m = {};
  m.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'm'
  auto n = make_map<int, int>();
  n = Map<int, int>();
  n.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'n'
}

void movedFrom() {
  auto m = make_map<int, int>();
  consume(std::move(m));
  m.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'm'
  auto a = make_map<int, int>();
  Map<int, int> b = std::move(a);
  b.set(1, 1);
  a.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'a'
  auto c = make_map<int, int>();
  Map<int, int> d;
  d = std::move(c);
  d.set(1, 1);
  c.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'c'
}

void copiedNil() {
  Map<int, int> m;
  Map<int, int> copy = m;
  copy.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: assignment to entry in nil map 'copy'
}

struct Config {
  Map<std::string, std::string> values;
  int version;
};

struct WithDefault {
  Map<int, int> ready = make_map<int, int>();
};

void aggregateMembers() {
  Config c;
  c.values.set("k", "v");
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: assignment to entry in nil map 'c.values'
  Config d{};
  d.values["k"] = "v";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: assignment to entry in nil map 'd.values'
  Config e{make_map<std::string, std::string>(), 1};
  e.values.set("k", "v");
  WithDefault w;
  w.ready.set(1, 1);
}

// --- Nil on some path -----------------------------------------------------------

void branchSkipsMake() {
  Map<int, int> m;
  if (flag())
    m = make_map<int, int>();
  m.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' may be nil here: on that path this write panics with 'assignment to entry in nil map' [slicemap-nil-map-write]
}

void earlyPathNil(bool fast) {
  auto m = make_map<int, int>();
  if (fast)
    m = {};
  for (int i = 0; i < 3; ++i)
    m[i] = i;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'm' may be nil here
}

void loopMakesLate() {
  Map<int, int> m;
  for (int i = 0; i < 3; ++i) {
    m.set(i, i);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'm' may be nil here
    if (i == 0)
      m = make_map<int, int>();
  }
}

// --- Silent: made, guarded, unknown, reads ------------------------------------

void madeOnAllPaths() {
  Map<int, int> m;
  if (flag())
    m = make_map<int, int>(4);
  else
    m = make_map<int, int>();
  m.set(1, 1);
  auto direct = make_map<int, int>();
  direct[1] = 1;
  Map<int, int> copy = direct;
  copy.set(2, 2);
}

void isNilGuards() {
  Map<int, int> m;
  if (m.is_nil())
    m = make_map<int, int>();
  m.set(1, 1);
  Map<int, int> n;
  if (!n.is_nil())
    n.set(1, 1);
}

void writeOnceMakes() {
  Map<int, int> m = produce();
  m.set(1, 1);
  m.set(2, 2);
}

void unknownSources(Map<int, int> parameter, Map<int, int> &reference) {
  parameter.set(1, 1);
  reference.set(1, 1);
  Map<int, int> fromCall = produce();
  fromCall.set(1, 1);
  Map<int, int> filled;
  fill(filled);
  filled.set(1, 1);
  Map<int, int> viaPointer;
  fillPointer(&viaPointer);
  viaPointer.set(1, 1);
  Map<int, int> aliased;
  Map<int, int> &alias = aliased;
  alias = make_map<int, int>();
  aliased.set(1, 1);
  Map<int, int> captured;
  auto make = [&] { captured = make_map<int, int>(); };
  make();
  captured.set(1, 1);
}

void readsAreFine() {
  Map<int, int> m;
  int v = m.get(1);
  bool has = m.contains(1);
  m.erase(1);
  m.clear();
  read(m);
  for (auto [k, value] : m)
    v += k + value;
  (void)has;
}

void standardMapsAreNotNil() {
  std::map<int, int> m;
  m[1] = 2;
  std::map<int, int> n{};
  n.insert({1, 2});
}

// --- Templates and lambdas ---------------------------------------------------------

template <class K> void templated(K key) {
  Map<K, int> m;
  m.set(key, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'm'
}
template void templated(int);
template void templated(long);

void lambdas() {
  auto body = [] {
    Map<int, int> m;
    m[1] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'm'
  };
  body();
}

// --- Macros -----------------------------------------------------------------------

#define PUT(map, key) (map).set(key, key)
#define MAKE_INTS() make_map<int, int>()

void macros() {
  Map<int, int> m;
  PUT(m, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: assignment to entry in nil map 'm'
  Map<int, int> n = MAKE_INTS();
  PUT(n, 1);
}

// --- Functions in this TU that always return nil ------------------------------

Map<int, int> stub() { return {}; }
Map<int, int> stubTwo(bool a) {
  if (a)
    return Map<int, int>();
  return {};
}
Map<int, int> sometimes(bool a) {
  if (a)
    return make_map<int, int>();
  return {};
}

void summaries(bool a) {
  Map<int, int> m = stub();
  m.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'm'
  auto n = stubTwo(a);
  n[1] = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: assignment to entry in nil map 'n'
  auto o = sometimes(a);
  o.set(1, 1);
}

// --- Early returns ------------------------------------------------------------------

int earlyReturn(bool skip) {
  Map<int, int> m;
  if (skip)
    return 0;
  m.set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'm'
  return 1;
}

int earlyReturnMakes(bool skip) {
  Map<int, int> m;
  if (!skip) {
    m = make_map<int, int>();
  } else {
    return 0;
  }
  m.set(1, 1);
  return 1;
}

// --- Class templates ------------------------------------------------------------------

template <class T> class Cache {
public:
  void put(T key) {
    Map<T, int> fresh;
    fresh[key] = 1;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: assignment to entry in nil map 'fresh'
  }
};
void useCache() {
  Cache<int>{}.put(1);
  Cache<long>{}.put(1);
}

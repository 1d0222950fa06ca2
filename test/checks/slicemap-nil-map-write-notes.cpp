// RUN: %check_clang_tidy -fix-notes %s slicemap-nil-map-write %t

// Notes say where the nil value comes from; a declaration that is still nil
// at the write gets a make_map fix-it (applied with --fix-notes).

#include <slicemap/map.hpp>
#include <string>
#include <utility>

namespace app {
using Index = slicemap::Map<std::string, int>;
bool flag();

void declared() {
  slicemap::Map<std::string, int> counts;
  counts["a"] += 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: assignment to entry in nil map 'counts': this write always panics [slicemap-nil-map-write]
  // CHECK-NOTES: :[[@LINE-3]]:35: note: 'counts' is declared nil here (a default-constructed Map is nil)
  // CHECK-NOTES: :[[@LINE-4]]:35: note: make the map before writing to it
  // CHECK-FIXES: slicemap::Map<std::string, int> counts = slicemap::make_map<std::string, int>();
}

void braced() {
  slicemap::Map<int, long> totals{};
  totals.set(1, 2);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: assignment to entry in nil map 'totals'
  // CHECK-NOTES: :[[@LINE-3]]:28: note: 'totals' is declared nil here
  // CHECK-NOTES: :[[@LINE-4]]:28: note: make the map before writing to it
  // CHECK-FIXES: slicemap::Map<int, long> totals{slicemap::make_map<int, long>()};
}

void aliasType() {
  Index index;
  index.set("k", 1);
  // CHECK-NOTES: :[[@LINE-1]]:9: warning: assignment to entry in nil map 'index'
  // CHECK-NOTES: :[[@LINE-3]]:9: note: 'index' is declared nil here
  // CHECK-NOTES: :[[@LINE-4]]:9: note: make the map before writing to it
  // CHECK-FIXES: Index index = slicemap::make_map<std::string, int>();
}

void moved() {
  auto source = slicemap::make_map<int, int>();
  auto sink = std::move(source);
  source.set(1, 1);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: assignment to entry in nil map 'source'
  // CHECK-NOTES: :[[@LINE-3]]:15: note: 'source' is moved from here and left nil
  sink.set(1, 1);
}

void maybe() {
  slicemap::Map<int, int> m;
  if (flag())
    m = slicemap::make_map<int, int>();
  m.set(1, 1);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'm' may be nil here: on that path this write panics with 'assignment to entry in nil map'
  // CHECK-NOTES: :[[@LINE-5]]:27: note: 'm' is declared nil here (a default-constructed Map is nil)
}
} // namespace app

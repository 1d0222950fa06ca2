// RUN: %check_clang_tidy %s slicemap-nil-map-write %t

// Smart pointers to maps that are null on every path to a write through
// them. Measured: clang-analyzer-core.* and bugprone-unchecked-optional-access
// already catch std::optional and raw pointers (not covered here), and are
// silent on these.

#include <map>
#include <memory>
#include <slicemap/map.hpp>
#include <unordered_map>
#include <utility>

bool flag();
void adopt(std::unique_ptr<std::map<int, int>> &);

void nullOnEveryPath() {
  std::unique_ptr<std::map<int, int>> p;
  (*p)[1] = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p' is null on every path here: writing to the map through it is undefined behaviour [slicemap-nil-map-write]
  std::shared_ptr<std::unordered_map<int, int>> q = nullptr;
  q->insert({1, 2});
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'q' is null on every path here
  auto r = std::make_unique<slicemap::Map<int, int>>();
  r.reset();
  r->set(1, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 'r' is null on every path here
  auto s = std::make_unique<std::map<int, int>>();
  auto t = std::move(s);
  s->emplace(1, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:6: warning: 's' is null on every path here
  t->emplace(1, 2);
}

void silent() {
  auto made = std::make_unique<std::map<int, int>>();
  (*made)[1] = 2;
  std::unique_ptr<std::map<int, int>> maybe;
  if (flag())
    maybe = std::make_unique<std::map<int, int>>();
  (*maybe)[1] = 2; // null on some path only: left to the static analyzer
  std::unique_ptr<std::map<int, int>> guarded;
  if (guarded)
    (*guarded)[1] = 2;
  std::unique_ptr<std::map<int, int>> adopted;
  adopt(adopted);
  adopted->emplace(1, 2);
  std::unique_ptr<std::map<int, int>> reading;
  if (reading)
    (void)reading->size();
  std::unique_ptr<int> notAMap;
  (void)notAMap.get();
}

// RUN: %check_clang_tidy %s slicemap-lost-update %t -- \
// RUN:   -config="{CheckOptions: {slicemap-lost-update.HandleTypes: 'app::Buffer; ::app::Ref'}}"
// RUN: %check_clang_tidy -check-suffix=DEFAULT %s slicemap-lost-update %t

// HandleTypes: classes whose copies write to a shared object.

#include <map>
#include <vector>

namespace app {
// A handle onto shared storage: its fields are the handle, not the data.
struct Buffer {
  int *data = nullptr;
  int size = 0;
};
template <class T> struct Ref {
  T *target = nullptr;
  int generation = 0;
};
struct Plain {
  int size = 0;
};
} // namespace app

void f(std::map<int, app::Buffer> &buffers, std::vector<app::Ref<int>> &refs,
       std::vector<app::Plain> &plains) {
  auto b = buffers[1];
  b.size = 3;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'b' is a copy of 'buffers[1]'; this modification is lost
  auto r = refs[0];
  r.generation++;
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-1]]:3: warning: 'r' is a copy of 'refs[0]'; this modification is lost
  auto p = plains[0];
  p.size = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p' is a copy of 'plains[0]'; this modification is lost
  // CHECK-MESSAGES-DEFAULT: :[[@LINE-2]]:3: warning: 'p' is a copy of 'plains[0]'; this modification is lost
}

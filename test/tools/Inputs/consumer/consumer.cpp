#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>

#include <cstdio>
#include <string>

int main() {
  slicemap::Slice<int> s;
  for (int i = 0; i < 3; ++i)
    s = slicemap::append(s, i);
  slicemap::Map<std::string, int> nil;
  try {
    nil.set("k", 1);
  } catch (const slicemap::panic_error &e) {
    std::printf("len=%zu cap=%zu nil-map-write=%s\n", s.len(), s.cap(), e.what());
  }
}

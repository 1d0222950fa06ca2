#include "slicemap/map.hpp"
#include "slicemap/slice.hpp"
#include <string>

void grow(slicemap::Slice<int> &s) {
  slicemap::append(s, 1);
  slicemap::append(s, 2); // NOLINT(slicemap-discarded-append)
  s = slicemap::append(s, 3);
}

int count() {
  slicemap::Map<std::string, int> counts;
  counts.set("k", 1);
  return static_cast<int>(counts.len());
}

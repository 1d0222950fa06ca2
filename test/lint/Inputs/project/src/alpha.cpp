#include "shared.h"
#include "slicemap/map.hpp"
#include <string>

void alpha(slicemap::Slice<int> &s) {
  proj::sharedHelper(s);
  slicemap::append(s, 2);
}

int alphaMap() {
  slicemap::Map<std::string, int> counts;
  counts.set("k", 1);
  return counts.len();
}

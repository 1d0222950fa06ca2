#include "shared.h"

std::vector<int> beta(std::vector<int> v, slicemap::Slice<int> &s) {
  proj::sharedHelper(s);
  proj::with_item(v, 3);
  return v;
}

#pragma once
// Included by alpha.cpp and beta.cpp: its finding is reported once.
#include "slicemap/slice.hpp"
#include <vector>

namespace proj {
std::vector<int> with_item(std::vector<int> v, int x);

inline void sharedHelper(slicemap::Slice<int> &s) {
  slicemap::append(s, 1);
}
} // namespace proj

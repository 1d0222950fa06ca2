#pragma once
// A third-party header outside the project root, included with -I: its
// finding is not reported unless --header-filter or --project-root say so.
#include "slicemap/slice.hpp"

inline void externalHelper(slicemap::Slice<int> &s) {
  slicemap::append(s, 7);
}

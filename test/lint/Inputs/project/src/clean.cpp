#include "slicemap/slice.hpp"

slicemap::Slice<int> clean(slicemap::Slice<int> s) {
  s = slicemap::append(s, 1);
  return s;
}

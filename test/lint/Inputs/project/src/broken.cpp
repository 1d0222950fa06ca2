#include "slicemap/slice.hpp"

void broken(slicemap::Slice<int> s) {
  slicemap::append(s, 1)
  int x = ;
}

#include "slicemap/slice.hpp"

void suppressed(slicemap::Slice<int> s) {
  slicemap::append(s, 1); // NOLINT(slicemap-discarded-append)
  // NOLINTNEXTLINE(slicemap-discarded-append)
  slicemap::append(s, 2);
  slicemap::append(s, 3); // NOLINT
}

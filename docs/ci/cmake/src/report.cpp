// No finding here: the grown slice is kept.
#include <slicemap/slice.hpp>

#include <string>

slicemap::Slice<std::string> withTotal(slicemap::Slice<std::string> lines) {
  lines = append(lines, std::string("total"));
  return lines;
}

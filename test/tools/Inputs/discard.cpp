#include <slicemap/slice.hpp>
#include <stddef.h>
#include <string>

void f(slicemap::Slice<std::string> s) {
  size_t n = s.len();
  append(s, std::to_string(n));
}

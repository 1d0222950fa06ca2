// Built with -fno-exceptions: a panic prints Go's message and aborts.
// ctest checks the output (see test/CMakeLists.txt).
#include <slicemap/slice.hpp>

int main() {
  slicemap::Slice<int> s{1, 2, 3};
  return s[5];
}

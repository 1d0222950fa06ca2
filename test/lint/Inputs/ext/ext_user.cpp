#include "ext.h"

void extUser(slicemap::Slice<int> s) {
  externalHelper(s);
  slicemap::append(s, 8);
}

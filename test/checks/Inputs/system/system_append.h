// A system header (included with -isystem) that discards an append: never
// reported.
#pragma once
#include <slicemap/slice.hpp>

inline void systemHeaderAppend(slicemap::Slice<int> s) { append(s, 1); }

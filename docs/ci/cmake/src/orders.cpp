// One mistake for the recipes to find: the grown slice is dropped, so the
// order never reaches the caller's slice.
#include <slicemap/slice.hpp>

#include <string>

void addOrder(slicemap::Slice<std::string> &orders, const std::string &id) {
  append(orders, id);
}

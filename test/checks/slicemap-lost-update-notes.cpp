// RUN: %check_clang_tidy -fix-notes %s slicemap-lost-update %t

// The note at the copy: a reference fix-it (applied with --fix-notes) when
// the source is a modifiable lvalue of the same type; the write-back for a
// slicemap::Map value; nothing to rewrite otherwise.

#include <map>
#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>
#include <string>
#include <vector>

using slicemap::append;
using slicemap::Slice;

using Table = std::map<std::string, std::vector<int>>;

void autoCopy(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table["k"]'; this modification is lost when 'v' goes out of scope [slicemap-lost-update]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'v' is declared here as a copy; declare it as a reference to modify the original in place
  // CHECK-FIXES: auto &v = table["k"];
}

void spelledType(Table &table) {
  std::vector<int> v = table.at("k");
  v.clear();
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table.at("k")'
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'v' is declared here as a copy; declare it as a reference
  // CHECK-FIXES: std::vector<int> &v = table.at("k");
}

void scalar(std::map<std::string, int> &counts) {
  int n = counts["a"];
  n += 1;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'n' is a copy of 'counts["a"]'
  // CHECK-NOTES: :[[@LINE-3]]:7: note: 'n' is declared here as a copy; declare it as a reference
  // CHECK-FIXES: int &n = counts["a"];
}

void loop(std::vector<std::vector<int>> &rows) {
  for (auto row : rows)
    row.push_back(0);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'row' is a copy of an element of 'rows'; this modification is lost at the end of the iteration
  // CHECK-NOTES: :[[@LINE-3]]:13: note: 'row' is declared here as a copy; declare it as a reference
  // CHECK-FIXES: for (auto &row : rows)
}

void bindings(std::map<int, std::vector<int>> &m) {
  for (auto [key, values] : m)
    values.push_back(key);
  // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'values' is a copy of an element of 'm'
  // CHECK-NOTES: :[[@LINE-3]]:13: note: 'values' is declared here as a copy; declare it as a reference
  // CHECK-FIXES: for (auto &[key, values] : m)
}

void constSource(std::vector<std::vector<int>> &rows) {
  std::vector<int> spelled = rows[0];
  spelled.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'spelled' is a copy of 'rows[0]'
  // CHECK-NOTES: :[[@LINE-3]]:20: note: 'spelled' is declared here as a copy; declare it as a reference
  // CHECK-FIXES: std::vector<int> &spelled = rows[0];
  const std::vector<std::vector<int>> &view = rows;
  auto fromConst = view[0];
  fromConst.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'fromConst' is a copy of 'view[0]'
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'fromConst' is declared here as a copy{{$}}
  // CHECK-FIXES: auto fromConst = view[0];
}

void mapValue(slicemap::Map<std::string, Slice<int>> &m, std::string key) {
  auto s = m.get(key);
  s = append(s, 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's' is a copy of 'm.get(key)'; the elements this append adds are lost when 's' goes out of scope
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 's' is a copy of the map's value; write it back with 'm.set(key, s)'
  // CHECK-FIXES: auto s = m.get(key);
}

void mapThroughPointer(slicemap::Map<int, std::vector<int>> *m) {
  auto v = m->get(1);
  v.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'm->get(1)'
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'v' is a copy of the map's value; write it back with 'm->set(1, v)'
}

void parameter(std::string s) {
  s.push_back('x');
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's' is a by-value parameter; this modification is lost when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:28: note: 's' is passed by value here; take it by reference to change the caller's object, or return it
  // CHECK-FIXES: void parameter(std::string s) {
}

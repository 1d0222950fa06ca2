// RUN: %check_clang_tidy -fix-notes %s slicemap-lost-update %t

// A copy assigned another stored value as a whole (`l = c.get(1)`,
// `row = rows[i]`, `s = m.get(k)`) is re-pointed - a cursor over stored
// values - not an update of the value it was first copied from: the
// assignment is never reported. It still ends what the copy held before,
// so a modification before it is lost, and a modification after it can be
// lost too. A plain value assigned (`r = 0`, `l = Literal{}`) is an update.
// A reference would make a re-pointing overwrite the element: no `&` fix-it.

#include <map>
#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>
#include <string>
#include <utility>
#include <vector>

using slicemap::append;
using slicemap::Slice;

struct Literal {
  int var = 0;
  bool sign = false;
};

struct Clause {
  std::vector<Literal> literals;
  Literal &get(unsigned i) { return literals[i]; }
};

bool flag();
void use(Literal);
void use(int);
void use(const std::vector<int> &);

using Table = std::map<int, std::vector<int>>;

// --- Silent: re-pointed ---------------------------------------------------

void chooseAnotherLiteral(Clause &c) {
  Literal l = c.get(0);
  use(l);
  if (flag())
    l = c.get(1);
}

void chooseThenUse(Clause &c) {
  Literal l = c.get(0);
  if (flag())
    l = c.get(1);
  use(l);
}

void scalarCursor(std::vector<int> &counts, std::vector<int> &others,
                  unsigned i) {
  auto r = counts[2];
  use(r);
  r = counts[3];
  auto s = counts[4];
  s = others.at(i);
  auto t = counts[5];
  t = flag() ? counts[6] : others[7];
}

void containerCursor(Table &table, std::vector<std::vector<int>> &rows) {
  auto v = table[1];
  use(v);
  v = table[2];
  auto w = rows[0];
  w = std::move(table[3]);
  for (auto row : rows)
    if (row.empty())
      row = rows.back();
}

void mapValueCursor(slicemap::Map<int, Slice<int>> &m) {
  auto s = m.get(1);
  s = m.get(2);
}

template <class Container> void cursorInTemplate(Container &c) {
  auto first = c[0];
  if (flag())
    first = c[1];
}
template void cursorInTemplate(std::vector<std::vector<int>> &);
template void cursorInTemplate(std::map<int, std::vector<int>> &);

void cursorInLambda(Clause &c) {
  auto pick = [&c] {
    Literal l = c.get(0);
    if (flag())
      l = c.get(1);
  };
  pick();
}

// --- Reported ---------------------------------------------------------------

void plainValueIsAnUpdate(std::vector<int> &counts, Clause &c) {
  auto r = counts[2];
  r = 0;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'r' is a copy of 'counts[2]'; this modification is lost when 'r' goes out of scope [slicemap-lost-update]
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'r' is declared here as a copy; declare it as a reference to modify the original in place
  // CHECK-FIXES: auto &r = counts[2];
  Literal l = c.get(0);
  l = Literal{};
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'l' is a copy of 'c.get(0)'; this modification is lost
  // CHECK-NOTES: :[[@LINE-3]]:11: note: 'l' is declared here as a copy; declare it as a reference
  // CHECK-FIXES: Literal &l = c.get(0);
  auto n = counts[3];
  n = n + counts[4];
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'n' is a copy of 'counts[3]'; this modification is lost
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'n' is declared here as a copy; declare it as a reference
  // CHECK-FIXES: auto &n = counts[3];
}

void modificationBeforeTheRepointing(Table &table) {
  auto v = table[1];
  v.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table[1]'; this modification is lost
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'v' is declared here as a copy{{$}}
  // CHECK-FIXES: auto v = table[1];
  v = table[2];
  use(v);
}

void modificationAfterTheRepointing(Clause &c) {
  Literal l = c.get(0);
  if (flag())
    l = c.get(1);
  l.sign = true;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'l' is a copy of 'c.get(0)'; this modification is lost
  // CHECK-NOTES: :[[@LINE-5]]:11: note: 'l' is declared here as a copy{{$}}
  // CHECK-FIXES: Literal l = c.get(0);
}

void bindingsShareTheDeclaration(
    std::vector<std::pair<int, std::vector<int>>> &pairs) {
  auto [id, values] = pairs[0];
  id++;
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'id' is a copy of 'pairs[0]'; this modification is lost
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 'id' is declared here as a copy{{$}}
  // CHECK-FIXES: auto [id, values] = pairs[0];
  if (flag())
    values = pairs[1].second;
  use(values);
}

void parameterAssignedAStoredValue(std::vector<int> v, Table &table) {
  v = table[1];
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'v' is a by-value parameter; this modification is lost when the function returns
  // CHECK-NOTES: :[[@LINE-3]]:53: note: 'v' is passed by value here; take it by reference to change the caller's object, or return it
}

void sliceAppendIsNotARepointing(slicemap::Map<int, Slice<int>> &m) {
  auto s = m.get(1);
  s = append(s, 1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 's' is a copy of 'm.get(1)'; the elements this append adds are lost when 's' goes out of scope
  // CHECK-NOTES: :[[@LINE-3]]:8: note: 's' is a copy of the map's value; write it back with 'm.set(1, s)'
}

template <class Container> void updateInTemplate(Container &c) {
  auto first = c[0];
  if (flag())
    first = c[1];
  first.push_back(1);
  // CHECK-NOTES: :[[@LINE-1]]:3: warning: 'first' is a copy of 'c[0]'; this modification is lost
  // CHECK-NOTES: :[[@LINE-5]]:8: note: 'first' is declared here as a copy{{$}}
}
template void updateInTemplate(std::vector<std::vector<int>> &);

void updateInLambda(std::vector<int> &counts) {
  auto reset = [&counts] {
    auto r = counts[0];
    r = -1;
    // CHECK-NOTES: :[[@LINE-1]]:5: warning: 'r' is a copy of 'counts[0]'; this modification is lost
    // CHECK-NOTES: :[[@LINE-3]]:10: note: 'r' is declared here as a copy; declare it as a reference
    // CHECK-FIXES: auto &r = counts[0];
  };
  reset();
}

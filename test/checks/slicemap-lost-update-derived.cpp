// RUN: %check_clang_tidy %s slicemap-lost-update %t

// A class derived from a std container (and an alias of one) owns its
// elements like its base: a modified copy of one is a lost update.

#include <cstddef>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

void use(int);
void use(std::size_t);

namespace proj {
template <class T> class vector : public std::vector<T> {
public:
  using std::vector<T>::vector;
  T &operator[](std::size_t I) { return std::vector<T>::at(I); }
};
template <class K, class V> class map : public std::unordered_map<K, V> {};
using Ints = vector<int>;
} // namespace proj

struct Owner {
  proj::vector<int> items;
  proj::map<std::string, proj::Ints> table;
};

void copyOfMember(Owner &o) {
  auto v = o.items;
  v.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'o.items'; this modification is lost when 'v' goes out of scope [slicemap-lost-update]
}

void copyOfMapValue(Owner &o) {
  proj::Ints v = o.table["k"];
  v.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'o.table["k"]'; this modification is lost
}

void copyOfDerivedElement(proj::vector<proj::Ints> &rows,
                          proj::vector<int> &counts) {
  auto row = rows[1];
  row.push_back(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'row' is a copy of 'rows[1]'; this modification is lost
  auto n = counts[2];
  n = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'n' is a copy of 'counts[2]'; this modification is lost
}

template <class T> void inTemplate(Owner &o, T x) {
  auto v = o.items;
  v.push_back(x);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'o.items'; this modification is lost
}
template void inTemplate(Owner &, int);

// --- near-misses ----------------------------------------------------------------

void nearMisses(Owner &o, proj::vector<int> &counts) {
  auto &ref = o.items;
  ref.push_back(1); // a reference: the owner's own
  auto copy = o.items;
  copy.push_back(2);
  use(copy.size()); // the copy is read afterwards
  auto n = counts[1];
  n += 1;
  use(n);
}

// RUN: %check_clang_tidy %s slicemap-lost-update %t

// Every copy source x modification kind, loops, branches, early returns,
// and the near-misses that must stay silent.

#include <array>
#include <deque>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

using slicemap::append;
using slicemap::Slice;

struct Record {
  int count = 0;
  std::string name;
  std::vector<int> items;
  int scores[4] = {};
  int *shared = nullptr;
};

struct Logged {
  int count = 0;
  ~Logged();
};

struct Node {
  std::vector<int> children;
  std::vector<int> &children_ref();
  const std::vector<int> &children_view() const;
};

bool flag();
void use(const std::vector<int> &);
void use(const std::string &);
void use(int);
void take(std::vector<int>);
void fill(std::vector<int> &);
void keep(std::vector<int> *);

using Table = std::map<std::string, std::vector<int>>;

// --- Copy sources -----------------------------------------------------------

void subscript(Table &table, const std::string &key) {
  auto v = table[key];
  v.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table[key]'; this modification is lost when 'v' goes out of scope [slicemap-lost-update]
}

void at(Table &table) {
  std::vector<int> v = table.at("k");
  v.insert(v.begin(), 3);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table.at("k")'; this modification is lost
}

void findSecond(Table &table) {
  auto v = table.find("k")->second;
  v.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table.find("k")->second'; this modification is lost
}

void iteratorSecond(Table &table) {
  auto it = table.begin();
  auto v = it->second;
  v.resize(10);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'it->second'; this modification is lost
}

void frontBack(std::vector<std::string> &names) {
  auto first = names.front();
  first += "!";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'first' is a copy of 'names.front()'; this modification is lost
  auto last = names.back();
  last.append("?");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'last' is a copy of 'names.back()'; this modification is lost
}

void dereference(std::list<std::vector<int>> &lists,
                 std::vector<int> *pointer) {
  auto it = lists.begin();
  auto v = *it;
  v.emplace_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of '*it'; this modification is lost
  auto w = *pointer;
  w.pop_back();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'w' is a copy of '*pointer'; this modification is lost
}

void memberThroughPointer(Node *node, std::unique_ptr<Node> &owned) {
  auto children = node->children;
  children.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'children' is a copy of 'node->children'; this modification is lost
  auto more = owned->children;
  more.erase(more.begin());
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'more' is a copy of 'owned->children'; this modification is lost
}

void getterReturningReference(Node &node) {
  auto children = node.children_ref();
  children.assign(3, 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'children' is a copy of 'node.children_ref()'; this modification is lost
  auto view = node.children_view();
  view.push_back(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'view' is a copy of 'node.children_view()'; this modification is lost
}

void memberOfElement(std::vector<Record> &records, std::deque<Record> &queue) {
  auto items = records[0].items;
  items.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'items' is a copy of 'records[0].items'; this modification is lost
  auto name = queue.front().name;
  name.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'name' is a copy of 'queue.front().name'; this modification is lost
}

void builtinArray(std::vector<int> (&rows)[3]) {
  auto row = rows[1];
  row.push_back(4);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'row' is a copy of 'rows[1]'; this modification is lost
}

struct Registry {
  std::vector<int> ids_;
  void add(int id) {
    auto ids = ids_;
    ids.push_back(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ids' is a copy of 'ids_'; this modification is lost
  }
  void addExplicit(int id) {
    auto ids = this->ids_;
    ids.push_back(id);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'ids' is a copy of 'this->ids_'; this modification is lost
  }
};

void mapGet(slicemap::Map<std::string, Slice<int>> &m) {
  auto s = m.get("k");
  s = append(s, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 's' is a copy of 'm.get("k")'; the elements this append adds are lost when 's' goes out of scope
}

void mapGetValue(slicemap::Map<int, std::vector<int>> &m) {
  auto v = m.get(1);
  v.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'm.get(1)'; this modification is lost
}

void rangeFor(std::vector<std::vector<int>> &rows, std::vector<int> &numbers) {
  for (auto row : rows)
    row.push_back(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'row' is a copy of an element of 'rows'; this modification is lost at the end of the iteration
  for (auto n : numbers)
    n *= 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'n' is a copy of an element of 'numbers'; this modification is lost at the end of the iteration
  for (Record r : std::vector<Record>(3))
    r.count = 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'r' is a copy of an element of 'std::vector<Record>(3)'; this modification is lost at the end of the iteration
}

void structuredBindings(std::map<int, std::vector<int>> &m,
                        std::vector<std::pair<int, std::string>> &pairs) {
  for (auto [key, values] : m)
    values.push_back(key);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'values' is a copy of an element of 'm'; this modification is lost at the end of the iteration
  auto [id, label] = pairs[0];
  label += "x";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'label' is a copy of 'pairs[0]'; this modification is lost
  auto [number, text] = pairs[1];
  number = 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'number' is a copy of 'pairs[1]'; this modification is lost
  use(text);
}

void byValueParameter(std::vector<int> v) {
  v.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a by-value parameter; this modification is lost when the function returns
}

void byValueString(std::string s) {
  s += "suffix";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 's' is a by-value parameter; this modification is lost when the function returns
}

void byValueSlice(Slice<int> s) {
  s = append(s, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 's' is a by-value parameter; the elements this append adds are lost when the function returns
}

// --- Modification kinds -----------------------------------------------------

void modifications(std::vector<Record> &records,
                   std::map<int, std::map<int, int>> &nested,
                   std::vector<std::array<int, 3>> &arrays,
                   std::map<int, int> &counts) {
  auto a = records[0];
  a.name = "x";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'a' is a copy of 'records[0]'; this modification is lost
  auto b = records[1];
  b.scores[2] = 7;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'b' is a copy of 'records[1]'; this modification is lost
  auto c = records[2];
  c.items[0] += 1;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'c' is a copy of 'records[2]'; this modification is lost
  auto d = records[3];
  --d.count;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' is a copy of 'records[3]'; this modification is lost
  auto e = records[4];
  e = Record{};
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'e' is a copy of 'records[4]'; this modification is lost
  auto inner = nested[1];
  inner[2] = 3;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'inner' is a copy of 'nested[1]'; this modification is lost
  auto tried = nested[2];
  tried.try_emplace(1, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'tried' is a copy of 'nested[2]'; this modification is lost
  auto array = arrays[0];
  array.at(1) = 5;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'array' is a copy of 'arrays[0]'; this modification is lost
  auto filled = arrays[1];
  filled.fill(0);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'filled' is a copy of 'arrays[1]'; this modification is lost
  int n = counts[1];
  n++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'n' is a copy of 'counts[1]'; this modification is lost
  auto replaced = counts[2];
  replaced = 0;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'replaced' is a copy of 'counts[2]'; this modification is lost
}

void lastModificationIsReported(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  v.push_back(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table["k"]'; this modification is lost
  auto w = table["w"];
  w.push_back(1);
  use(w);
  w.push_back(2);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'w' is a copy of 'table["w"]'; this modification is lost
}

void commaAndConditional(Table &table) {
  auto v = table["a"];
  (v.push_back(1), v.push_back(2));
  // CHECK-MESSAGES: :[[@LINE-1]]:20: warning: 'v' is a copy of 'table["a"]'; this modification is lost
  auto w = table["b"];
  flag() ? w.push_back(1) : w.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:29: warning: 'w' is a copy of 'table["b"]'; this modification is lost
}

// --- Branches, loops, early returns ----------------------------------------

void modifiedOnOneBranch(Table &table) {
  auto v = table["k"];
  if (flag())
    v.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' is a copy of 'table["k"]'; this modification is lost
}

void readOnAnotherPathOnly(Table &table) {
  auto v = table["k"];
  if (flag()) {
    v.push_back(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' is a copy of 'table["k"]'; this modification is lost
  } else {
    use(v);
  }
}

void earlyReturn(Table &table) {
  auto v = table["k"];
  if (flag())
    return;
  v.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is a copy of 'table["k"]'; this modification is lost
}

void freshCopyEachIteration(Table &table) {
  for (int i = 0; i < 3; ++i) {
    auto v = table["k"];
    if (!v.empty())
      use(v.front());
    v.push_back(i);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' is a copy of 'table["k"]'; this modification is lost
  }
}

void loopThatNeverReads(Table &table) {
  auto v = table["k"];
  while (flag())
    v.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' is a copy of 'table["k"]'; this modification is lost
}

// --- Silent: the modification is observed ------------------------------------

std::vector<int> returned(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  return v;
}

void readAfterwards(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  use(v);
}

void movedBack(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  table["k"] = std::move(v);
}

void writtenBack(slicemap::Map<std::string, Slice<int>> &m) {
  auto s = m.get("k");
  s = append(s, 1);
  m.set("k", s);
}

void passedOn(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  take(v);
  auto w = table["w"];
  w.push_back(1);
  fill(w);
}

void readOnSomePathAfter(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  if (flag())
    use(v);
}

void readInLaterIteration(Table &table) {
  auto v = table["k"];
  for (int i = 0; i < 3; ++i) {
    if (i == 2)
      use(v);
    v.push_back(i);
  }
}

void readAfterLoop(Table &table) {
  auto v = table["k"];
  while (flag())
    v.push_back(1);
  use(v);
}

void readByTheModificationItself(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  v.push_back(v.size());
  use(v);
}

int usedInCondition(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  if (v.size() > 2)
    return 1;
  return 0;
}

void resultUsed(std::map<int, std::set<int>> &m) {
  auto s = m[1];
  if (s.insert(2).second)
    use(0);
}

// --- Silent: aliases ----------------------------------------------------------

void boundToReference(Table &table) {
  auto v = table["k"];
  auto &alias = v;
  v.push_back(1);
  use(alias);
}

void referenceInstead(Table &table) {
  auto &v = table["k"];
  v.push_back(1);
}

void addressTaken(Table &table) {
  auto v = table["k"];
  std::vector<int> *p = &v;
  v.push_back(1);
  use(*p);
  auto w = table["w"];
  keep(&w);
  w.push_back(1);
}

void iteratorKept(Table &table) {
  auto v = table["k"];
  auto it = v.begin();
  v.front() = 3;
  use(*it);
}

void viewKept(std::map<int, std::string> &names) {
  auto name = names[1];
  std::string_view view = name;
  name[0] = 'x';
  use(std::string(view));
}

void capturedByReference(Table &table) {
  auto v = table["k"];
  auto print = [&] { use(v); };
  v.push_back(1);
  print();
  auto w = table["w"];
  auto print2 = [&w] { use(w); };
  w.push_back(1);
  print2();
}

void capturedByCopyIsARead(Table &table) {
  auto v = table["k"];
  v.push_back(1);
  auto print = [v] { use(v); };
  print();
}

void readInHandler(Table &table) {
  auto v = table["k"];
  try {
    v.push_back(1);
    take({});
  } catch (...) {
    use(v);
  }
}

// --- Silent: not a copy of an owned value, or not a value at all --------------

void handles(std::vector<int *> &pointers, std::vector<std::span<int>> &spans,
             std::vector<std::shared_ptr<std::vector<int>>> &shared,
             std::vector<std::reference_wrapper<std::vector<int>>> &refs,
             std::vector<slicemap::Map<int, int>> &maps,
             std::vector<std::string_view> &views) {
  auto p = pointers[0];
  *p = 1;
  auto s = spans[0];
  s[0] = 1;
  auto sp = shared[0];
  sp->push_back(1);
  auto r = refs[0];
  r.get().push_back(1);
  auto m = maps[0];
  m.set(1, 1);
  auto view = views[0];
  view.remove_prefix(1);
}

void sliceElementWritesReachTheArray(std::vector<Slice<int>> &slices) {
  auto s = slices[0];
  s[0] = 5;
}

void freshValues(Table &table) {
  std::vector<int> local;
  local.push_back(1);
  auto made = std::vector<int>(3);
  made.push_back(1);
  auto returnedByValue = table.size();
  returnedByValue++;
}

void moveConstructed(Table &table) {
  auto v = std::move(table["k"]);
  v.push_back(1);
}

void constCopyReadOnly(const Table &table) {
  const auto v = table.at("k");
  use(v);
  auto w = table.at("k");
  use(w);
}

void destructorMayObserve(std::vector<Logged> &logs) {
  auto entry = logs[0];
  entry.count = 3;
}

void memberFunctionsOfOtherClasses(std::vector<std::optional<int>> &options,
                                   std::vector<std::function<void()>> &fns) {
  auto o = options[0];
  o.reset();
  auto f = fns[0];
  f = nullptr;
}

void writeThroughPointerMember(std::vector<Record> &records) {
  auto r = records[0];
  *r.shared = 3;
}

void staticLocal(Table &table) {
  static auto cache = table["k"];
  cache.push_back(1);
}

void notModified(Table &table) {
  auto v = table["k"];
  use(v);
  (void)v.size();
}

void byReferenceParameter(std::vector<int> &v) { v.push_back(1); }
void byConstValueParameter(const std::vector<int> v) { use(v); }
void parameterReturned(std::vector<int> v, std::vector<int> &out) {
  v.push_back(1);
  out = v;
}
void parameterOfClassType(Record r) { r.count = 1; }

// An inventory service written by someone fresh from Go. It compiles, runs,
// and silently loses data: main prints what it expected and what it got.
// Run scripts/demo.sh to see the losses, then what slicemap says.
#include <slicemap/map.hpp>
#include <slicemap/panic.hpp>
#include <slicemap/slice.hpp>

#include <cstdio>
#include <map>
#include <string>
#include <vector>

using slicemap::append;
using slicemap::Map;
using slicemap::Slice;

struct Warehouse {
  Slice<std::string> arrivals;
  Map<std::string, Slice<int>> binsBySku =
      slicemap::make_map<std::string, Slice<int>>();

  void receive(const std::string &sku, int bin) {
    append(arrivals, sku);           // bug: the grown slice is dropped
    append(binsBySku.get(sku), bin); // bug: a copy of the map's slice grows
  }

  void receiveAll(const Slice<std::string> &skus) {
    for (const std::string &sku : skus)
      arrivals = append(arrivals, sku); // correct
  }
};

int restock(bool urgent);
void shelve(const std::string &sku, int bin);
Slice<int> topTwoPlus(Slice<int> ranked, int bonus);
extern std::map<std::string, std::vector<int>> shelves;

/// "arrivals: expected 4, got 2  <- LOST" (each loss, as the program sees it).
void report(const char *what, size_t expected, size_t got) {
  std::printf("%-28s expected %zu, got %zu%s\n", what, expected, got,
              expected == got ? "" : "  <- LOST");
}

int main() {
  Warehouse w;
  w.receive("apple", 3);
  w.receive("pear", 7);
  w.receiveAll({"plum", "fig"});
  report("arrivals:", 4, w.arrivals.len());
  report("bins of apple:", 1, w.binsBySku.get("apple").len());

  shelve("apple", 3);
  report("shelves of apple:", 1, shelves["apple"].size());

  Slice<int> ranked = slicemap::make_slice<int>(0, 8);
  for (int score : {50, 40, 30, 20})
    ranked = append(ranked, score);
  topTwoPlus(ranked, 99);
  report("ranked[2] (the third score):", 30, static_cast<size_t>(ranked[2]));

  try {
    restock(/*urgent=*/false);
  } catch (const slicemap::panic_error &e) {
    std::printf("restock(urgent=false): panic: %s  <- LOST\n", e.what());
  }
  // firstPick is not run: reading freed memory has no defined output.
}

// Restocking forgets to make its map on the quiet path.
int restock(bool urgent) {
  Map<std::string, int> orders;
  if (urgent)
    orders = slicemap::make_map<std::string, int>();
  orders.set("apple", 10); // bug: panics when !urgent
  return static_cast<int>(orders.len());
}

// Shelving the C++ way, with the same mistake in other clothes.
std::map<std::string, std::vector<int>> shelves;

void shelve(const std::string &sku, int bin) {
  auto bins = shelves[sku]; // a copy of the map's vector
  bins.push_back(bin);      // bug: the copy grows, the map does not
}

// A pick list keeps a reference into a vector that then grows.
int firstPick(std::vector<int> &picks, int extra) {
  const int &first = picks.front();
  picks.push_back(extra); // may reallocate
  return first;           // bug: may read freed memory
}

// Go's sub-slice trap: the top two plus a bonus, written into `ranked`.
Slice<int> topTwoPlus(Slice<int> ranked, int bonus) {
  Slice<int> top = append(ranked.sub(0, 2), bonus); // bug: overwrites ranked[2]
  std::printf("top two plus bonus, of %zu ranked\n", ranked.len());
  return top;
}

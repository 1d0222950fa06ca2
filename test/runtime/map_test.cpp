// Go's map semantics as executable examples: slicemap::Map.
#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>

#include "panic_matchers.hpp"

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using slicemap::append;
using slicemap::make_map;
using slicemap::Map;
using slicemap::panic_error;
using slicemap::Slice;

namespace {

template <class M> auto keysOf(const M &m) {
  std::multiset<typename M::key_type> keys;
  for (auto [key, value] : m)
    keys.insert(key);
  return keys;
}

TEST(Map, NilMapReadsFineAndWritesPanic) {
  Map<std::string, int> nil;
  EXPECT_TRUE(nil.is_nil());
  EXPECT_EQ(nil.len(), 0u);
  EXPECT_EQ(nil.get("k"), 0);
  EXPECT_EQ(nil.find("k"), nullptr);
  EXPECT_FALSE(nil.contains("k"));
  EXPECT_EQ(nil.begin(), nil.end());
  EXPECT_FALSE(nil.erase("k"));
  nil.clear();
  EXPECT_EQ(panicMessage([&] { nil.set("k", 1); }),
            "assignment to entry in nil map");
  EXPECT_EQ(panicMessage([&] { nil["k"] = 1; }),
            "assignment to entry in nil map");
}

TEST(Map, ReferenceSemantics) {
  auto m = make_map<std::string, int>();
  EXPECT_FALSE(m.is_nil());
  Map<std::string, int> alias = m;
  alias.set("shared", 7);
  EXPECT_EQ(m.get("shared"), 7);

  Map<std::string, int> moved = std::move(m);
  EXPECT_TRUE(m.is_nil()); // NOLINT(bugprone-use-after-move): the spec
  EXPECT_EQ(moved.get("shared"), 7);

  alias = {}; // assigning a nil map
  EXPECT_TRUE(alias.is_nil());
  EXPECT_EQ(moved.len(), 1u);
}

TEST(Map, SetGetFindEraseClear) {
  auto m = make_map<int, std::string>();
  m.set(1, "one");
  m.set(2, "two");
  m.set(1, "uno"); // overwrite
  EXPECT_EQ(m.len(), 2u);
  EXPECT_EQ(m.get(1), "uno");
  EXPECT_EQ(m.get(3), "");
  ASSERT_NE(m.find(2), nullptr);
  *m.find(2) = "dos";
  EXPECT_EQ(m.get(2), "dos");
  EXPECT_EQ(m[3], ""); // inserts V{}
  EXPECT_EQ(m.len(), 3u);
  m[4] += "four";
  EXPECT_EQ(m.get(4), "four");
  EXPECT_TRUE(m.erase(1));
  EXPECT_FALSE(m.erase(1));
  EXPECT_FALSE(m.contains(1));
  EXPECT_EQ(m.len(), 3u);
  m.clear();
  EXPECT_EQ(m.len(), 0u);
  EXPECT_EQ(m.begin(), m.end());
  m.set(5, "five");
  EXPECT_EQ(m.get(5), "five");
}

// Go pitfall: s := m[k]; s = append(s, v) without m[k] = s loses v.
TEST(Map, AppendingToACopyOfAValueIsLost) {
  auto m = make_map<std::string, Slice<int>>();
  m.set("k", Slice<int>{1});
  Slice<int> copy = m.get("k");
  copy = append(copy, 2); // NOLINT(slicemap-lost-update): the pitfall tested
  EXPECT_EQ(m.get("k").len(), 1u);
  m.set("k", append(m.get("k"), 2)); // the write-back
  EXPECT_EQ(m.get("k").len(), 2u);
}

TEST(Map, HintSizesTheTable) {
  auto m = make_map<std::uint64_t, std::uint64_t>(1000);
  for (std::uint64_t i = 0; i < 1000; ++i)
    m.set(i, i * i);
  EXPECT_EQ(m.len(), 1000u);
  for (std::uint64_t i = 0; i < 1000; ++i)
    ASSERT_EQ(m.get(i), i * i);
}

// Growth evacuates incrementally: every insertion moves at most two old
// groups. Lookups, erases and iteration must be right at every step.
TEST(Map, EvacuationInterleavedWithLookupEraseAndIteration) {
  auto m = make_map<int, int>();
  std::unordered_map<int, int> model;
  std::mt19937 random(7);
  for (int i = 0; i < 20000; ++i) {
    m.set(i, -i);
    model[i] = -i;
    if (i % 3 == 0) {
      const int victim = static_cast<int>(random() % (i + 1));
      EXPECT_EQ(m.erase(victim), model.erase(victim) == 1);
    }
    for (int probe = 0; probe < 4; ++probe) {
      const int key = static_cast<int>(random() % (i + 2));
      const auto it = model.find(key);
      const int *found = m.find(key);
      ASSERT_EQ(found != nullptr, it != model.end()) << "key " << key;
      if (found)
        ASSERT_EQ(*found, it->second);
    }
    if (i < 3000 || i % 997 == 0) {
      std::size_t visited = 0;
      for (auto [key, value] : m) {
        ASSERT_EQ(model.at(key), value);
        ++visited;
      }
      ASSERT_EQ(visited, model.size());
    }
  }
}

TEST(Map, IterationVisitsEveryEntryOnceWhileGrowing) {
  auto m = make_map<std::string, int>();
  std::multiset<std::string> expected;
  for (int i = 0; i < 3000; ++i) {
    const std::string key = "key" + std::to_string(i);
    m.set(key, i);
    expected.insert(key);
    ASSERT_EQ(keysOf(m), expected) << "after " << i;
  }
}

// A map grown from empty holds 7/8 of 512 groups * 15 slots = 6720 entries
// before its next growth; the 6721st insertion starts a doubling, and it
// and the nine after it evacuate 8 old groups each: 80 of the 512.
constexpr int entries_mid_growth = 6730;

TEST(Map, EraseWhileIterating) {
  auto m = make_map<int, int>();
  for (int i = 0; i < entries_mid_growth; ++i)
    m.set(i, i);
  // Go's rule: an entry erased before the iteration reaches it is never
  // produced; every other entry is produced exactly once.
  std::set<int> seen, erased;
  for (auto [key, value] : m) {
    const int k = key; // `key` refers into the map: copy before erasing
    EXPECT_FALSE(erased.count(k)) << "produced after its erase: " << k;
    EXPECT_TRUE(seen.insert(k).second) << "visited twice: " << k;
    if (k % 2 == 0 && m.erase(k))
      erased.insert(k);
    if (!seen.count(k + 1) && m.erase(k + 1))
      erased.insert(k + 1);
  }
  for (int i = 0; i < entries_mid_growth; ++i)
    EXPECT_TRUE(seen.count(i) || erased.count(i)) << i;
  EXPECT_EQ(m.len(), entries_mid_growth - erased.size());
  for (auto [key, value] : m)
    EXPECT_FALSE(erased.count(key));
}

// Tables whose slots outgrow the cache (16 MiB) take other paths: iteration
// prefetches slots ahead and destruction prefetches the key bytes it is
// about to free. 250k string keys need 2^15 groups (19 MiB of 40-byte
// slots). Every entry once, none invented, also with entries erased ahead
// of the iteration; destruction frees every key (leaks fail under ASan).
TEST(Map, IterationAndDestructionOfATableLargerThanTheCache) {
  constexpr std::uint64_t n = 250'000;
  const auto key_of = [](std::uint64_t i) {
    return "a key past the small-string buffer " + std::to_string(i);
  };
  auto m = make_map<std::string, std::uint64_t>();
  for (std::uint64_t i = 0; i < n; ++i)
    m.set(key_of(i), i);
  std::vector<bool> seen(n);
  std::uint64_t produced = 0;
  for (auto [key, value] : m) {
    ASSERT_LT(value, n);
    ASSERT_EQ(key, key_of(value));
    ASSERT_FALSE(seen[value]) << "visited twice: " << value;
    seen[value] = true;
    ++produced;
  }
  EXPECT_EQ(produced, n);
  for (std::uint64_t i = 0; i < n; i += 3)
    m.erase(key_of(i));
  produced = 0;
  for (auto [key, value] : m) {
    ASSERT_NE(value % 3, 0u) << "erased entry produced: " << key;
    ++produced;
  }
  EXPECT_EQ(produced, m.len());
  EXPECT_EQ(produced, n - (n + 2) / 3);
}

TEST(Map, SameSizeGrowthAfterManyDeletes) {
  auto m = make_map<int, int>();
  for (int round = 0; round < 50; ++round) {
    for (int i = 0; i < 2000; ++i)
      m.set(round * 2000 + i, i);
    for (int i = 0; i < 2000; ++i)
      if (i % 10 != 0)
        m.erase(round * 2000 + i);
  }
  EXPECT_EQ(m.len(), 50u * 200u);
  for (int round = 0; round < 50; ++round)
    for (int i = 0; i < 2000; i += 10)
      ASSERT_EQ(m.get(round * 2000 + i), i);
}

TEST(Map, NonTrivialAndMoveOnlyValues) {
  auto strings = make_map<std::string, std::string>();
  for (int i = 0; i < 1000; ++i)
    strings.set(std::string(40, 'k') + std::to_string(i),
                std::string(40, 'v') + std::to_string(i));
  EXPECT_EQ(strings.get(std::string(40, 'k') + "999"),
            std::string(40, 'v') + "999");

  auto owners = make_map<int, std::unique_ptr<int>>();
  for (int i = 0; i < 1000; ++i)
    owners[i] = std::make_unique<int>(i);
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(*owners[i], i);

  auto nested = make_map<int, Map<int, int>>();
  nested.set(1, make_map<int, int>());
  nested.get(1).set(2, 3); // a Map value is a handle: the write reaches it
  EXPECT_EQ(nested.get(1).get(2), 3);
}

TEST(Map, ConcurrentReadersAndHandleCopies) {
  auto m = make_map<int, std::string>();
  for (int i = 0; i < 5000; ++i)
    m.set(i, std::to_string(i));
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t)
    readers.emplace_back([m, t] { // each thread copies the handle
      for (int round = 0; round < 20; ++round) {
        Map<int, std::string> local = m;
        for (int i = t; i < 5000; i += 7)
          ASSERT_EQ(local.get(i), std::to_string(i));
        std::size_t count = 0;
        for (auto entry : local)
          count += entry.second.empty() ? 0 : 1;
        ASSERT_EQ(count, 5000u);
      }
    });
  for (auto &reader : readers)
    reader.join();
}

struct ThrowingHash {
  std::uint64_t operator()(int key) const {
    if (key == 13)
      throw std::runtime_error("unlucky");
    return static_cast<std::uint64_t>(key);
  }
};

TEST(Map, ThrowingHashChangesNothing) {
  auto m = make_map<int, std::string, ThrowingHash>();
  for (int i = 0; i < 100; ++i)
    if (i != 13)
      m.set(i, std::to_string(i));
  EXPECT_THROW(m.set(13, "x"), std::runtime_error);
  EXPECT_THROW((void)m.get(13), std::runtime_error);
  EXPECT_EQ(m.len(), 99u);
  m.set(200, "ok"); // writes still work: no stuck write flag
  EXPECT_EQ(m.get(200), "ok");
}

// Every key hashes alike: one home group, one control byte, one overflow
// bit. Probes must walk the overflow chain of groups, stop on misses, and
// reuse erased slots - the worst case of the overflow-bit scheme.
struct CollidingHash {
  std::uint64_t seeded(int, std::uint64_t) const { return 0x1234; }
};

TEST(Map, CollidingHashesStillWork) {
  auto m = make_map<int, int, CollidingHash>();
  for (int i = 0; i < 300; ++i)
    m.set(i, i * 2);
  for (int i = 0; i < 300; ++i)
    ASSERT_EQ(m.get(i), i * 2) << i;
  for (int i = 300; i < 320; ++i)
    EXPECT_FALSE(m.contains(i));
  for (int i = 0; i < 300; i += 2)
    EXPECT_TRUE(m.erase(i));
  for (int i = 1000; i < 1150; ++i) // reuses the erased slots
    m.set(i, i);
  EXPECT_EQ(m.len(), 300u);
  for (int i = 0; i < 300; ++i)
    ASSERT_EQ(m.contains(i), i % 2 == 1) << i;
  std::size_t visited = 0;
  for (auto [key, value] : m) {
    EXPECT_EQ(value, key >= 1000 ? key : key * 2);
    ++visited;
  }
  EXPECT_EQ(visited, 300u);
}

// Overwrites must find a key that lives past its home group even when the
// home group has a free slot again: insertion reads the home group once for
// both the key and a free slot, and must not take the slot while the
// group's overflow bit says the key may be further on.
TEST(Map, OverwriteFindsKeysPastAHomeGroupWithRoom) {
  auto m = make_map<int, int, CollidingHash>();
  for (int i = 0; i < 40; ++i) // 15 in the home group, the rest further on
    m.set(i, i);
  ASSERT_TRUE(m.erase(0)); // the home group has room again
  for (int i = 1; i < 40; ++i)
    m.set(i, -i);
  EXPECT_EQ(m.len(), 39u);
  std::size_t visited = 0;
  for (auto [key, value] : m) {
    EXPECT_EQ(value, -key);
    ++visited;
  }
  EXPECT_EQ(visited, 39u);
}

// One home group, eight overflow bits: keys spill into later groups under
// their own bit, lookups of keys whose bit stayed clear stop at home, and a
// full home group sends a new key on along its probe path.
struct SharedHomeHash {
  std::uint64_t seeded(int key, std::uint64_t) const {
    // Home group 0 for every key; the control byte (and with it the
    // overflow bit) varies with the key.
    return static_cast<std::uint64_t>(key % 251 + 1);
  }
};

TEST(Map, SharedHomeGroupWithDistinctOverflowBits) {
  auto m = make_map<int, int, SharedHomeHash>(1000);
  for (int i = 0; i < 200; ++i)
    m.set(i, i);
  for (int i = 0; i < 200; ++i)
    m.set(i, m.get(i) + 1); // found, not inserted again
  EXPECT_EQ(m.len(), 200u);
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(m.get(i), i + 1) << i;
  for (int i = 200; i < 400; ++i)
    ASSERT_FALSE(m.contains(i)) << i;
  for (int i = 0; i < 200; i += 3)
    ASSERT_TRUE(m.erase(i));
  for (int i = 0; i < 200; ++i)
    m.set(i, -i);
  EXPECT_EQ(m.len(), 200u);
  for (int i = 0; i < 200; ++i)
    ASSERT_EQ(m.get(i), -i) << i;
}

// Hashing is observable: every insertion, lookup and erase hashes its key
// once, and a growth hashes every entry it moves. Counting calls shows
// whether a growth happened, and the seed passed shows when it changed.
struct CountingHash {
  static inline std::size_t calls = 0;
  static inline std::uint64_t last_seed = 0;
  std::uint64_t seeded(int key, std::uint64_t seed) const {
    ++calls;
    last_seed = seed;
    // Consecutive keys take consecutive home groups (hash >> 11 is the
    // group), so a window of keys spreads evenly and no group fills.
    return (static_cast<std::uint64_t>(key) << 11) | 0x5A;
  }
};
struct CountingCollidingHash {
  std::uint64_t seeded(int key, std::uint64_t seed) const {
    CountingHash{}.seeded(key, seed);
    return 0x1234; // one home group, one control byte: it overflows
  }
};

// Sets keys [0, window), then slides the window up to [last - window,
// last): each step erases the oldest key and sets the next. Returns how
// many map operations ran (each hashes its key once).
template <class M> std::size_t churn(M &m, int window, int last) {
  std::size_t operations = 0;
  for (int i = 0; i < window; ++i, ++operations)
    m.set(i, i);
  for (int i = window; i < last; ++i, operations += 2) {
    EXPECT_TRUE(m.erase(i - window)) << i - window;
    m.set(i, i);
  }
  return operations;
}

// After churn(m, window, last): the map holds exactly the last window.
template <class M> void expect_last_window(M &m, int window, int last) {
  EXPECT_EQ(m.len(), static_cast<std::size_t>(window));
  for (int i = 0; i < last; ++i)
    EXPECT_EQ(m.contains(i), i >= last - window) << i;
  for (int i = last - window; i < last; ++i)
    EXPECT_EQ(m.get(i), i) << i;
}

// Erasing from a group that never overflowed gives the slot back: churning
// a window of 100 keys through a table with room for 1000 (thousands of
// insertions, far more than its free slots) never grows it.
TEST(Map, ErasedSlotsOfGroupsThatNeverOverflowedAreReused) {
  auto m = make_map<int, int, CountingHash>(1000);
  CountingHash::calls = 0;
  const std::size_t operations = churn(m, 100, 20'000);
  EXPECT_EQ(CountingHash::calls, operations) << "the table grew";
  expect_last_window(m, 100, 20'000);
}

// Erasing from a group that overflowed does not give the slot back (its
// overflow bits stay and lengthen misses): churn through an overflowed
// home group uses the room up, and a same-size growth rebuilds the table
// without the stale bits - then the table serves as before.
TEST(Map, ErasedSlotsOfOverflowedGroupsAreReclaimedByASameSizeGrowth) {
  auto m = make_map<int, int, CountingCollidingHash>(100);
  CountingHash::calls = 0;
  const std::size_t operations = churn(m, 40, 2'000);
  EXPECT_GT(CountingHash::calls, operations) << "no growth rehashed";
  expect_last_window(m, 40, 2'000);
}

// As Go: a map emptied by erase or clear() draws a fresh hash seed.
TEST(Map, EmptyingAMapDrawsAFreshSeed) {
  auto m = make_map<int, int, CountingHash>();
  m.set(1, 1);
  m.set(2, 2);
  const std::uint64_t first = CountingHash::last_seed;
  ASSERT_TRUE(m.erase(1));
  EXPECT_EQ(CountingHash::last_seed, first); // not empty yet
  ASSERT_TRUE(m.erase(2));
  m.set(3, 3);
  const std::uint64_t second = CountingHash::last_seed;
  EXPECT_NE(second, first);
  m.clear();
  m.set(4, 4);
  EXPECT_NE(CountingHash::last_seed, second);
}

// The key is its own hash: tests place entries in chosen groups. The home
// group is hash >> 11 (masked), the control byte the low byte.
struct IdentityHash {
  std::uint64_t seeded(std::uint64_t key, std::uint64_t) const { return key; }
};
constexpr std::uint64_t placed(std::uint64_t id, std::uint64_t home,
                               std::uint64_t control) {
  return id << 20 | home << 11 | control;
}

// Growth moves an old group's entries whose home it is into two new
// groups (its own index and that plus the old group count), handing out
// their free slots from a mask; an entry that overflowed into the old
// group from another home takes the general path into one of those same
// groups, and the entries after it must not be given its slot before its
// control byte is written. Once for each of the two new groups.
TEST(Map, EvacuationKeepsTheSlotOfAnEntryFromAnotherHome) {
  for (const std::uint64_t new_home : {0, 2}) {
    SCOPED_TRACE(new_home);
    auto m = make_map<std::uint64_t, std::uint64_t, IdentityHash>(20);
    std::vector<std::uint64_t> keys;
    // Two groups, room for 27. Group 0 fills with keys whose new home is
    // new_home (0 or 2: old home 0 either way).
    for (std::uint64_t i = 1; i <= 15; ++i)
      keys.push_back(placed(i, new_home, 0x11));
    // Home 0 in the old table, so it overflows into group 1, slot 0; after
    // doubling its home is full again and it overflows along its probe
    // path (home + 1) into new group new_home + 1, one of the two new
    // groups of old group 1.
    keys.push_back(placed(16, new_home, 0x22));
    // Old home 1, new home new_home + 1: moved after it, into that group.
    keys.push_back(placed(17, new_home + 1, 0x33));
    const std::uint64_t other = new_home == 0 ? 3 : 1; // old group 1's other
    for (std::uint64_t i = 18; i <= 27; ++i)
      keys.push_back(placed(i, other, 0x44));
    keys.push_back(placed(28, other, 0x55)); // the 28th: the table doubles
    for (std::size_t i = 0; i < keys.size(); ++i)
      m.set(keys[i], i);
    EXPECT_EQ(m.len(), keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
      ASSERT_EQ(m.get(keys[i]), i) << i;
    std::size_t visited = 0;
    for (auto [key, value] : m) {
      EXPECT_EQ(key, keys[value]);
      ++visited;
    }
    EXPECT_EQ(visited, keys.size());
  }
}

// A value whose copy can be made to throw after a given number of
// successful copies, and whose move may throw (so evacuation copies it, as
// std::move_if_noexcept says).
struct Brittle {
  static inline int live = 0;
  static inline int copies_left = -1; // copies before one throws; -1: never
  int value = 0;
  Brittle() { ++live; }
  explicit Brittle(int v) : value(v) { ++live; }
  Brittle(const Brittle &other) : value(other.value) {
    if (copies_left == 0)
      throw std::runtime_error("copy");
    if (copies_left > 0)
      --copies_left;
    ++live;
  }
  Brittle(Brittle &&other) noexcept(false) : Brittle(std::as_const(other)) {}
  Brittle &operator=(const Brittle &) = default;
  ~Brittle() { --live; }
};

TEST(Map, ThrowingCopyLeavesTheMapValid) {
  {
    // 844 entries: the growth from 64 to 128 groups started at 841 (64
    // groups hold 840) and has evacuated 32 of the 64 old groups (eight
    // per insertion).
    constexpr int initial = 844;
    auto m = make_map<int, Brittle>();
    for (int i = 0; i < initial; ++i)
      m.set(i, Brittle(i));
    // Now the k-th copy of each insertion fails, k = 0..19: insertions
    // throw from evacuating old entries (before, in the middle of, or after
    // the first entries of a group) or from constructing the new value, and
    // must leave every entry findable exactly once.
    std::set<int> inserted;
    int failures = 0;
    for (int i = initial; i < initial + 200; ++i) {
      Brittle::copies_left = (i - initial) % 20;
      try {
        m.set(i, Brittle(i));
        inserted.insert(i);
      } catch (const std::runtime_error &) {
        ++failures;
      }
    }
    Brittle::copies_left = -1;
    EXPECT_GT(failures, 0);
    std::size_t count = 0;
    for (auto [key, value] : m) {
      EXPECT_EQ(key, value.value);
      EXPECT_TRUE(key < initial || inserted.count(key)) << key;
      ++count;
    }
    EXPECT_EQ(count, m.len());
    EXPECT_EQ(m.len(), initial + inserted.size());
    for (int i = 0; i < initial; ++i)
      ASSERT_EQ(m.get(i).value, i) << i;
    for (int i = initial; i < 3000; ++i) // finish the growth
      m.set(i, Brittle(i));
    for (int i = 0; i < 3000; ++i)
      ASSERT_EQ(m.get(i).value, i);
  }
  EXPECT_EQ(Brittle::live, 0);
}

TEST(Map, DefaultHashMixesAndIsSeeded) {
  slicemap::hash<int> hash;
  EXPECT_NE(hash(1), 1u);
  EXPECT_NE(hash.seeded(1, 1), hash.seeded(1, 2));
  // Sequential keys spread over the top byte (the tophash) and low bits.
  std::set<std::uint64_t> tops, lows;
  for (int i = 0; i < 256; ++i) {
    tops.insert(hash.seeded(i, 99) >> 56);
    lows.insert(hash.seeded(i, 99) & 255);
  }
  EXPECT_GT(tops.size(), 140u);
  EXPECT_GT(lows.size(), 140u);
  slicemap::hash<std::string> string_hash;
  EXPECT_NE(string_hash("ab"), string_hash("ba"));
  // Every length (each of the short-key paths and the 16-byte loop), every
  // byte position, and the seed reach the string hash.
  const std::string text = "the quick brown fox jumps over the lazy dog 0123";
  std::set<std::uint64_t> prefixes;
  for (std::size_t length = 0; length <= text.size(); ++length) {
    const std::string prefix = text.substr(0, length);
    prefixes.insert(string_hash.seeded(prefix, 5));
    EXPECT_NE(string_hash.seeded(prefix, 5), string_hash.seeded(prefix, 6));
    for (std::size_t i = 0; i < length; ++i) {
      std::string changed = prefix;
      changed[i] ^= 1;
      ASSERT_NE(string_hash.seeded(changed, 5), string_hash.seeded(prefix, 5))
          << "length " << length << ", byte " << i;
    }
  }
  EXPECT_EQ(prefixes.size(), text.size() + 1);
}

// The default equality compares string keys of 8 to 16 bytes as two
// overlapping words, inline: every byte of every length must still decide
// it, and in a map whose keys all share one hash, equality alone must tell
// them apart.
struct OneHashForEveryString {
  std::uint64_t seeded(const std::string &, std::uint64_t) const {
    return 0x5a5a5a5a5a5a5a5aULL;
  }
};

TEST(Map, DefaultEqualityComparesEveryByteOfStrings) {
  slicemap::equal_to<std::string> equal;
  const std::string text = std::string("0123\0"
                                       "56789abcdefghijklmnopq",
                                       27);
  auto m = make_map<std::string, int, OneHashForEveryString>();
  std::vector<std::string> keys;
  for (std::size_t length = 0; length <= text.size(); ++length) {
    const std::string prefix = text.substr(0, length);
    EXPECT_TRUE(equal(prefix, std::string(prefix.data(), prefix.size())));
    EXPECT_FALSE(equal(prefix, prefix + "x"));
    EXPECT_FALSE(equal(prefix + "x", prefix));
    keys.push_back(prefix);
    for (std::size_t i = 0; i < length; ++i) {
      std::string changed = prefix;
      changed[i] ^= 1;
      ASSERT_FALSE(equal(changed, prefix))
          << "length " << length << ", byte " << i;
      if (length <= 17)
        keys.push_back(changed);
    }
  }
  for (std::size_t i = 0; i < keys.size(); ++i)
    m.set(keys[i], static_cast<int>(i));
  ASSERT_EQ(m.len(), keys.size());
  for (std::size_t i = 0; i < keys.size(); ++i)
    ASSERT_EQ(m.get(keys[i]), static_cast<int>(i)) << i;
}

#if SLICEMAP_HARDENED

// A hasher that runs a callback: lets a test write to the map while a write
// is in progress, deterministically (what two racing threads do by chance).
struct ReentrantHash {
  static inline std::function<void()> during_hash;
  std::uint64_t operator()(int key) const {
    if (auto callback = std::exchange(during_hash, nullptr))
      callback();
    return static_cast<std::uint64_t>(key);
  }
};

TEST(MapHardened, ConcurrentWritesPanic) {
  auto m = make_map<int, int, ReentrantHash>();
  m.set(1, 1);
  m.set(2, 2);
  // The outer set claims the table, then hashes; the hash writes.
  bool inner_ran = false;
  auto writer = [&] {
    ReentrantHash::during_hash = [&] {
      inner_ran = true;
      m.set(4, 4);
    };
    m.set(5, 5);
  };
  EXPECT_EQ(panicMessage(writer), "concurrent map writes");
  EXPECT_TRUE(inner_ran);
  ReentrantHash::during_hash = [&] { (void)m.find(1); };
  EXPECT_EQ(panicMessage([&] { m.set(6, 6); }),
            "concurrent map read and map write");
  m.set(7, 7); // the flag was released by the failed writes
  EXPECT_EQ(m.get(7), 7);
}

TEST(MapHardened, InsertWhileIteratingPanics) {
  auto m = make_map<int, int>();
  for (int i = 0; i < 10; ++i)
    m.set(i, i);
  EXPECT_EQ(panicMessage([&] {
              for (auto [key, value] : m)
                // NOLINTNEXTLINE(slicemap-dangling-view): the bug under test
                m.set(key + 100, value);
            }),
            "concurrent map iteration and map write");
  // Overwriting existing keys and erasing are fine while iterating.
  for (auto [key, value] : m) {
    m.set(key, value + 1);
    m.erase(key);
  }
  EXPECT_EQ(m.len(), 0u);
}

// clear() invalidates iterators: the next step panics, also when the
// iteration was walking the old table of a growth, which clear() frees
// (1 and 3000 entries in are old groups, 6000 is the current table).
TEST(MapHardened, ClearWhileIteratingPanics) {
  for (const int before_clear : {1, 3000, 6000}) {
    auto m = make_map<int, int>();
    for (int i = 0; i < entries_mid_growth; ++i)
      m.set(i, i);
    int produced = 0;
    EXPECT_EQ(panicMessage([&] {
                for (auto [key, value] : m) {
                  EXPECT_EQ(key, value);
                  if (++produced == before_clear)
                    // NOLINTNEXTLINE(slicemap-dangling-view): under test
                    m.clear();
                }
              }),
              "concurrent map iteration and map write");
    EXPECT_EQ(produced, before_clear);
    EXPECT_EQ(m.len(), 0u);
    m.set(7, 8);
    EXPECT_EQ(m.get(7), 8);
  }
}

#if defined(SLICEMAP_ASAN)
TEST(MapHardenedDeathTest, PointerUsedAfterEraseIsCaught) {
  auto m = make_map<int, long>();
  m.set(1, 10);
  long *value = m.find(1);
  m.erase(1);
  // NOLINTNEXTLINE(slicemap-dangling-view): the bug under test
  EXPECT_DEATH((void)*static_cast<volatile long *>(value), "use-after-poison");
}

TEST(MapHardenedDeathTest, PointerUsedAfterGrowthIsCaught) {
  auto m = make_map<int, long>();
  m.set(0, 10);
  long *value = m.find(0);
  for (int i = 1; i < 100; ++i) // grows and evacuates bucket 0
    m.set(i, i);
  // NOLINTNEXTLINE(slicemap-dangling-view): the dangling use under test
  EXPECT_DEATH((void)*static_cast<volatile long *>(value),
               "use-after-poison|heap-use-after-free");
}
#endif

#endif // SLICEMAP_HARDENED

// Randomised differential test against std::unordered_map: 1M operations
// with fixed seeds, over key ranges that make hits, misses and growth common.
template <class K, class... Opt, class MakeKey>
void differential(std::uint64_t seed, MakeKey makeKey) {
  std::mt19937_64 random(seed);
  auto m = make_map<K, std::uint64_t, Opt...>();
  std::unordered_map<K, std::uint64_t> model;
  for (int op = 0; op < 1'000'000; ++op) {
    const K key = makeKey(random() % 20000);
    switch (random() % 10) {
    case 0:
    case 1:
    case 2: {
      const std::uint64_t value = random();
      m.set(key, value);
      model[key] = value;
      break;
    }
    case 3:
      m[key] += 1;
      model[key] += 1;
      break;
    case 4:
    case 5:
      ASSERT_EQ(m.erase(key), model.erase(key) == 1);
      break;
    case 6: {
      const auto it = model.find(key);
      const std::uint64_t *found = m.find(key);
      ASSERT_EQ(found != nullptr, it != model.end());
      if (found)
        ASSERT_EQ(*found, it->second);
      break;
    }
    case 7:
    case 8:
      ASSERT_EQ(m.get(key), model.count(key) ? model[key] : 0);
      break;
    case 9:
      if (random() % 20000 == 0) {
        m.clear();
        model.clear();
      }
      break;
    }
    ASSERT_EQ(m.len(), model.size());
    if (op % 100'000 == 0) {
      std::size_t visited = 0;
      for (auto [k, v] : m) {
        ASSERT_EQ(model.at(k), v);
        ++visited;
      }
      ASSERT_EQ(visited, model.size());
    }
  }
}

TEST(Map, DifferentialAgainstUnorderedMapIntegers) {
  differential<std::uint64_t>(1, [](std::uint64_t i) { return i * 0x10000; });
}

TEST(Map, DifferentialAgainstUnorderedMapStrings) {
  differential<std::string>(2, [](std::uint64_t i) {
    return "key-" + std::to_string(i) + "-padding";
  });
}

// The default hash is seeded per map, so the runs above place keys
// differently each time and a placement bug shows only under some seeds
// (one did: about every other run). These hashes ignore the seed - every
// run is the same run. FixedHash<Salt> spreads keys as the default does,
// one fixed placement per salt; ClusteredHash gives 20000 keys only 256
// home groups, so full groups, overflow bits, long probes and same-size
// growths are the common case.
template <std::uint64_t Salt> struct FixedHash {
  std::uint64_t seeded(std::uint64_t key, std::uint64_t) const {
    return slicemap::hash<std::uint64_t>{}.seeded(key, Salt);
  }
};
struct ClusteredHash {
  std::uint64_t seeded(std::uint64_t key, std::uint64_t) const {
    const std::uint64_t mixed = key * 0x9E3779B97F4A7C15ULL;
    return (mixed >> 32 & 0xFF) << 11 | (mixed & 0x7FF);
  }
};

TEST(Map, DifferentialAgainstUnorderedMapFixedPlacements) {
  const auto key = [](std::uint64_t i) { return i; };
  differential<std::uint64_t, FixedHash<1>>(3, key);
  differential<std::uint64_t, FixedHash<2>>(4, key);
  differential<std::uint64_t, FixedHash<3>>(5, key);
  differential<std::uint64_t, FixedHash<4>>(6, key);
  differential<std::uint64_t, ClusteredHash>(7, key);
}

} // namespace

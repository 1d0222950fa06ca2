// Benchmarks: slicemap::Map against std::unordered_map, absl::flat_hash_map
// and boost::unordered_flat_map, and slicemap::Slice against std::vector -
// same binary, same keys, same order. Run through scripts/bench.sh, which
// also runs the Go twin (runtime/bench/go) and writes docs/performance.md.
//
// Workloads follow Boost's "running" benchmarks. Keys come from splitmix64
// with fixed seeds, exactly as the Go program generates them; the u64 keys
// of workloads that build a map in their loop are xored with a fresh salt
// every iteration (FreshKeys: no map may replay a previous placement).
#include <slicemap/map.hpp>
#include <slicemap/slice.hpp>

#include <absl/container/flat_hash_map.h>
#include <benchmark/benchmark.h>
#include <boost/unordered/unordered_flat_map.hpp>

#include <malloc.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <deque>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

// --- Allocation accounting for bytes per entry -----------------------------
//
// Counting is switched on only while a Memory benchmark builds its map, so
// every timed workload runs on the plain allocator. (Counting on every
// allocation - an atomic add and a 16-byte size header per block - cost
// the string-key workloads two atomic read-modify-writes and a 64-byte
// chunk instead of a 32-byte one per key copy: slicemap's str16 InsertHint
// at 1M took 317 ms with it, 195 ms without; every C++ map paid it, Go
// did not.) A block is charged what the allocator reserves for it
// (malloc_usable_size), as Go's MemStats charge its size class; the
// benchmarks are single-threaded.

namespace {
bool counting_allocations = false;
std::int64_t live_bytes = 0;

void *allocate(std::size_t size, std::size_t alignment) {
  void *block = alignment <= alignof(std::max_align_t)
                    ? std::malloc(size ? size : 1)
                    : std::aligned_alloc(alignment, (size + alignment - 1) /
                                                        alignment * alignment);
  if (!block)
    throw std::bad_alloc();
  if (counting_allocations) [[unlikely]]
    live_bytes += static_cast<std::int64_t>(malloc_usable_size(block));
  return block;
}

void release(void *block) noexcept {
  if (counting_allocations && block) [[unlikely]]
    live_bytes -= static_cast<std::int64_t>(malloc_usable_size(block));
  std::free(block);
}
} // namespace

void *operator new(std::size_t size) { return allocate(size, 16); }
void *operator new[](std::size_t size) { return allocate(size, 16); }
void *operator new(std::size_t size, std::align_val_t alignment) {
  return allocate(size, static_cast<std::size_t>(alignment));
}
void *operator new[](std::size_t size, std::align_val_t alignment) {
  return allocate(size, static_cast<std::size_t>(alignment));
}
void operator delete(void *p) noexcept { release(p); }
void operator delete[](void *p) noexcept { release(p); }
void operator delete(void *p, std::size_t) noexcept { release(p); }
void operator delete[](void *p, std::size_t) noexcept { release(p); }
void operator delete(void *p, std::align_val_t) noexcept { release(p); }
void operator delete[](void *p, std::align_val_t) noexcept { release(p); }
void operator delete(void *p, std::size_t, std::align_val_t) noexcept {
  release(p);
}
void operator delete[](void *p, std::size_t, std::align_val_t) noexcept {
  release(p);
}

namespace {

// --- Keys: the same sequences as runtime/bench/go/main.go -------------------

std::uint64_t splitmix64(std::uint64_t &state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t present_seed = 1, absent_seed = 2, shuffle_seed = 3,
                        fresh_keys_seed = 4;

std::vector<std::uint64_t> random_u64(std::size_t n, std::uint64_t seed) {
  std::vector<std::uint64_t> keys(n);
  for (auto &key : keys)
    key = splitmix64(seed);
  return keys;
}

/// 16 hex digits: a 16-byte string, past libstdc++'s small-string buffer.
std::string hex16(std::uint64_t value) {
  char buffer[17];
  std::snprintf(buffer, sizeof buffer, "%016llx",
                static_cast<unsigned long long>(value));
  return std::string(buffer, 16);
}

/// The bytes behind a workload's std::string_view keys. A map of views
/// holds keys whose bytes live outside it, as a Go map's string keys share
/// the bytes of the strings they were inserted from; the workload owns them
/// (declared before its keys and its map, so it outlives both). Each key's
/// bytes are a 16-byte std::string of their own, allocated in order: the
/// same heap layout as the str16 keys, only the owner differs.
class KeyBytes {
public:
  std::vector<std::string_view> keep(std::vector<std::string> strings) {
    // A deque never moves its elements, and moving a vector keeps the
    // strings (and any small-string bytes inside them) where they are.
    const std::vector<std::string> &kept =
        sets_.emplace_back(std::move(strings));
    return std::vector<std::string_view>(kept.begin(), kept.end());
  }

private:
  std::deque<std::vector<std::string>> sets_;
};

/// String keys as the workload's key type: the strings themselves, or views
/// of them kept alive by `bytes`.
template <class K>
std::vector<K> string_keys(std::vector<std::string> strings, KeyBytes &bytes) {
  if constexpr (std::is_same_v<K, std::string_view>)
    return bytes.keep(std::move(strings));
  else
    return strings;
}

template <class K>
std::vector<K> keys_for(std::size_t n, std::uint64_t seed, KeyBytes &bytes) {
  std::vector<std::uint64_t> raw = random_u64(n, seed);
  if constexpr (std::is_same_v<K, std::uint64_t>) {
    return raw;
  } else {
    std::vector<std::string> keys;
    keys.reserve(n);
    for (std::uint64_t value : raw)
      keys.push_back(hex16(value));
    return string_keys<K>(std::move(keys), bytes);
  }
}

/// Fisher-Yates with splitmix64, as in the Go program.
template <class T> std::vector<T> shuffled(std::vector<T> values) {
  std::uint64_t state = shuffle_seed;
  for (std::size_t i = values.size(); i > 1; --i)
    std::swap(values[i - 1], values[splitmix64(state) % i]);
  return values;
}

/// Fresh copies, allocated in order - what Go's cloned(shuffled(keys))
/// gives. Without it the lookup strings' bytes would sit where the
/// unshuffled keys were allocated, one cache miss per probe key that the Go
/// twin does not pay (same work for every C++ map).
template <class T>
std::vector<T> cloned(const std::vector<T> &values, KeyBytes &bytes) {
  if constexpr (std::is_same_v<T, std::uint64_t>) {
    return values;
  } else {
    return string_keys<T>(
        std::vector<std::string>(values.begin(), values.end()), bytes);
  }
}

// --- One interface over the maps --------------------------------------------

/// The adapters are the harness, not the maps: always inlined, for every
/// map alike, so each workload's loop calls the map's own API exactly as a
/// user's loop would. Left to the inliner, an adapter around a large
/// inlined insert stays a call, and its register saves and return address
/// are stores that compete with the insert's own for the store buffer.
#define ADAPTER [[gnu::always_inline]] inline

template <class K> struct SlicemapMap {
  static constexpr const char *name = "slicemap";
  slicemap::Map<K, std::uint64_t> map;
  explicit SlicemapMap(std::size_t hint)
      : map(slicemap::make_map<K, std::uint64_t>(hint)) {}
  ADAPTER void insert(const K &key, std::uint64_t value) {
    map.set(key, value);
  }
  ADAPTER bool contains(const K &key) const { return map.find(key) != nullptr; }
  ADAPTER void erase(const K &key) { map.erase(key); }
  std::uint64_t sum() const {
    std::uint64_t total = 0;
    for (auto [key, value] : map)
      total += value;
    return total;
  }
};

template <class K, class M, const char *Name> struct StdLikeMap {
  static constexpr const char *name = Name;
  M map;
  explicit StdLikeMap(std::size_t hint) {
    if (hint)
      map.reserve(hint);
  }
  ADAPTER void insert(const K &key, std::uint64_t value) { map[key] = value; }
  ADAPTER bool contains(const K &key) const {
    return map.find(key) != map.end();
  }
  ADAPTER void erase(const K &key) { map.erase(key); }
  std::uint64_t sum() const {
    std::uint64_t total = 0;
    for (const auto &entry : map)
      total += entry.second;
    return total;
  }
};

constexpr char std_name[] = "std", absl_name[] = "absl", boost_name[] = "boost";
template <class K>
using StdMap = StdLikeMap<K, std::unordered_map<K, std::uint64_t>, std_name>;
template <class K>
using AbslMap = StdLikeMap<K, absl::flat_hash_map<K, std::uint64_t>, absl_name>;
template <class K>
using BoostMap =
    StdLikeMap<K, boost::unordered_flat_map<K, std::uint64_t>, boost_name>;

// --- Workloads ---------------------------------------------------------------

/// Keeps a loop's result without taking the address of its accumulator:
/// DoNotOptimize(found) makes `found` escape, so the loop stores it on every
/// lookup, and after each store a map whose state sits behind a pointer
/// (slicemap's handle) must reload its fields - a cost of the harness, not
/// of a lookup (slicemap hits at 100k: 4.3 ns with it, 3.4 ns without;
/// the other maps keep their state in the benchmark's frame and did not
/// change).
template <class T> void consume(T result) { benchmark::DoNotOptimize(result); }

/// A key sequence no map has seen before, for every workload that builds
/// a map inside its loop: each iteration xors the u64 keys with a fresh
/// salt (a bijection: still n distinct random keys). With the very same
/// keys every iteration, a map whose hash is fixed places them exactly as
/// it did the iteration before (Boost's hash is unseeded, Abseil's is
/// seeded once per process), and replaying the same placements is faster
/// than making new ones: Boost's InsertHint at 100k took 3.95 ns per key
/// with the same keys every iteration, 4.25 ns with two key sets
/// alternating and 4.65 ns with eight; slicemap, which draws a fresh seed
/// for every map as Go does, took 4.6 ns either way. A user's program
/// builds its maps from new keys. String keys showed no such effect (the
/// key copies' malloc and the compares dominate: Boost at 100k 39-40 ns
/// either way) and keep one set.
class FreshKeys {
public:
  std::uint64_t next_salt() { return splitmix64(state_); }

private:
  std::uint64_t state_ = fresh_keys_seed;
};
ADAPTER std::uint64_t salted(std::uint64_t key, std::uint64_t salt) {
  return key ^ salt;
}
ADAPTER const std::string &salted(const std::string &key, std::uint64_t) {
  return key;
}
ADAPTER std::string_view salted(std::string_view key, std::uint64_t) {
  return key;
}

template <class M, class K>
M build(const std::vector<K> &keys, std::uint64_t salt = 0) {
  M map(0);
  for (std::size_t i = 0; i < keys.size(); ++i)
    map.insert(salted(keys[i], salt), i);
  return map;
}

template <class M, class K> void InsertNoHint(benchmark::State &state) {
  KeyBytes bytes;
  const auto keys = keys_for<K>(state.range(0), present_seed, bytes);
  FreshKeys fresh;
  for (auto _ : state) {
    const std::uint64_t salt = fresh.next_salt();
    M map(0);
    for (std::size_t i = 0; i < keys.size(); ++i)
      map.insert(salted(keys[i], salt), i);
    benchmark::DoNotOptimize(map);
  }
  state.SetItemsProcessed(state.iterations() * keys.size());
}

template <class M, class K> void InsertHint(benchmark::State &state) {
  KeyBytes bytes;
  const auto keys = keys_for<K>(state.range(0), present_seed, bytes);
  FreshKeys fresh;
  for (auto _ : state) {
    const std::uint64_t salt = fresh.next_salt();
    M map(keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i)
      map.insert(salted(keys[i], salt), i);
    benchmark::DoNotOptimize(map);
  }
  state.SetItemsProcessed(state.iterations() * keys.size());
}

template <class M, class K> void LookupHit(benchmark::State &state) {
  KeyBytes bytes;
  const auto keys = keys_for<K>(state.range(0), present_seed, bytes);
  const M map = build<M>(keys);
  const auto order = cloned(shuffled(keys), bytes);
  for (auto _ : state) {
    std::size_t found = 0;
    for (const K &key : order)
      found += map.contains(key);
    if (found != order.size())
      state.SkipWithError("lookup missed a present key");
    consume(found);
  }
  state.SetItemsProcessed(state.iterations() * order.size());
}

template <class M, class K> void LookupMiss(benchmark::State &state) {
  KeyBytes bytes;
  const auto keys = keys_for<K>(state.range(0), present_seed, bytes);
  const M map = build<M>(keys);
  const auto absent = keys_for<K>(state.range(0), absent_seed, bytes);
  for (auto _ : state) {
    std::size_t found = 0;
    for (const K &key : absent)
      found += map.contains(key);
    consume(found);
  }
  state.SetItemsProcessed(state.iterations() * absent.size());
}

/// Erase every other key, then look every key up (half hit, half miss).
/// Building and destroying the map are not timed, as in the Go twin (whose
/// collector frees the map later): destroying it in the timed loop charged
/// the C++ maps the free() of every remaining key: half of slicemap's
/// str16 time at 1M (167 -> 79 ms; Boost 206 -> 105, absl 203 -> 92).
template <class M, class K> void EraseHalfLookupAll(benchmark::State &state) {
  KeyBytes bytes;
  const auto keys = keys_for<K>(state.range(0), present_seed, bytes);
  FreshKeys fresh;
  std::optional<M> map;
  for (auto _ : state) {
    state.PauseTiming();
    const std::uint64_t salt = fresh.next_salt();
    map.reset();
    map.emplace(build<M>(keys, salt));
    state.ResumeTiming();
    for (std::size_t i = 0; i < keys.size(); i += 2)
      map->erase(salted(keys[i], salt));
    std::size_t found = 0;
    for (const K &key : keys)
      found += map->contains(salted(key, salt));
    consume(found);
  }
  state.SetItemsProcessed(state.iterations() * (keys.size() / 2 + keys.size()));
}

template <class M, class K> void Iterate(benchmark::State &state) {
  KeyBytes bytes;
  const auto keys = keys_for<K>(state.range(0), present_seed, bytes);
  const M map = build<M>(keys);
  for (auto _ : state)
    benchmark::DoNotOptimize(map.sum());
  state.SetItemsProcessed(state.iterations() * keys.size());
}

/// Not a timing: live heap bytes per entry after inserting n keys.
template <class M, class K> void Memory(benchmark::State &state) {
  KeyBytes bytes;
  const auto keys = keys_for<K>(state.range(0), present_seed, bytes);
  double bytes_per_entry = 0;
  for (auto _ : state) {
    counting_allocations = true;
    const std::int64_t before = live_bytes;
    {
      M map = build<M>(keys);
      bytes_per_entry = static_cast<double>(live_bytes - before) / keys.size();
      benchmark::DoNotOptimize(map);
    }
    counting_allocations = false;
  }
  state.counters["bytes_per_entry"] = bytes_per_entry;
}

// --- Slices ------------------------------------------------------------------

/// The idiom, as Go writes it and the checks' fix-its spell it.
void SliceAppend(benchmark::State &state) {
  const std::size_t n = state.range(0);
  for (auto _ : state) {
    slicemap::Slice<std::uint64_t> s;
    for (std::size_t i = 0; i < n; ++i)
      s = slicemap::append(s, i);
    benchmark::DoNotOptimize(s.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
/// The idiom once the process has started a thread: reference counts are
/// atomic from then on (refcount.hpp), for the rest of the process - which
/// is why bench.sh runs every benchmark in a process of its own.
void SliceAppendThreads(benchmark::State &state) {
  std::thread([] {}).join();
  SliceAppend(state);
}
/// Moving the header in: no reference-count traffic.
void SliceAppendMove(benchmark::State &state) {
  const std::size_t n = state.range(0);
  for (auto _ : state) {
    slicemap::Slice<std::uint64_t> s;
    for (std::size_t i = 0; i < n; ++i)
      s = slicemap::append(std::move(s), i);
    benchmark::DoNotOptimize(s.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
void VectorPushBack(benchmark::State &state) {
  const std::size_t n = state.range(0);
  for (auto _ : state) {
    std::vector<std::uint64_t> v;
    for (std::size_t i = 0; i < n; ++i)
      v.push_back(i);
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
void SliceAppendReserved(benchmark::State &state) {
  const std::size_t n = state.range(0);
  for (auto _ : state) {
    auto s = slicemap::make_slice<std::uint64_t>(0, n);
    for (std::size_t i = 0; i < n; ++i)
      s = slicemap::append(std::move(s), i);
    benchmark::DoNotOptimize(s.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
void VectorPushBackReserved(benchmark::State &state) {
  const std::size_t n = state.range(0);
  for (auto _ : state) {
    std::vector<std::uint64_t> v;
    v.reserve(n);
    for (std::size_t i = 0; i < n; ++i)
      v.push_back(i);
    benchmark::DoNotOptimize(v.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
/// copy(dst, src.sub(...)) of n/2 elements.
void SliceSubCopy(benchmark::State &state) {
  const std::size_t n = state.range(0);
  auto src = slicemap::make_slice<std::uint64_t>(n);
  auto dst = slicemap::make_slice<std::uint64_t>(n);
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        slicemap::copy(dst, src.sub(n / 4, n / 4 + n / 2)));
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * (n / 2));
}
void VectorSubCopy(benchmark::State &state) {
  const std::size_t n = state.range(0);
  std::vector<std::uint64_t> src(n), dst(n);
  for (auto _ : state) {
    std::copy(src.begin() + n / 4, src.begin() + n / 4 + n / 2, dst.begin());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * (n / 2));
}
/// The cost of copying a slice header (an atomic increment and decrement).
void SliceHeaderCopy(benchmark::State &state) {
  auto s = slicemap::make_slice<std::uint64_t>(16);
  for (auto _ : state) {
    slicemap::Slice<std::uint64_t> copy = s;
    benchmark::DoNotOptimize(copy);
  }
  state.SetItemsProcessed(state.iterations());
}

void SliceHeaderCopyThreads(benchmark::State &state) {
  std::thread([] {}).join();
  SliceHeaderCopy(state);
}

// --- Registration
// --------------------------------------------------------------

bool large_sizes() {
  const char *value = std::getenv("SLICEMAP_BENCH_10M");
  return value && *value && *value != '0';
}

std::vector<std::int64_t> sizes() {
  std::vector<std::int64_t> result{1'000, 100'000, 1'000'000};
  if (large_sizes())
    result.push_back(10'000'000);
  return result;
}

template <class M, class K> void register_map(const std::string &key_name) {
  const std::string suffix = std::string("/") + M::name + "/" + key_name;
  auto add = [&](const char *workload, void (*function)(benchmark::State &)) {
    auto *b =
        benchmark::RegisterBenchmark((workload + suffix).c_str(), function);
    for (std::int64_t n : sizes())
      b->Arg(n);
    b->Unit(benchmark::kMicrosecond);
  };
  add("InsertNoHint", InsertNoHint<M, K>);
  add("InsertHint", InsertHint<M, K>);
  add("LookupHit", LookupHit<M, K>);
  add("LookupMiss", LookupMiss<M, K>);
  add("EraseHalfLookupAll", EraseHalfLookupAll<M, K>);
  add("Iterate", Iterate<M, K>);
  // A map of views does not own its keys' bytes: its bytes per entry would
  // not compare with the other key types'.
  if constexpr (std::is_same_v<K, std::string_view>)
    return;
  auto *memory =
      benchmark::RegisterBenchmark(("Memory" + suffix).c_str(), Memory<M, K>);
  // 860,160 = 7/8 of 15 * 2^16 slots: slicemap's table exactly at its
  // maximum load.
  for (std::int64_t n : {std::int64_t{1'000}, std::int64_t{100'000},
                         std::int64_t{860'160}, std::int64_t{1'000'000}})
    memory->Arg(n);
  memory->Iterations(1);
}

template <class K> void register_key(const std::string &key_name) {
  register_map<SlicemapMap<K>, K>(key_name);
  register_map<StdMap<K>, K>(key_name);
  register_map<AbslMap<K>, K>(key_name);
  register_map<BoostMap<K>, K>(key_name);
}

} // namespace

int main(int argc, char **argv) {
  // Same allocator conditions for every map, whatever ran before: glibc
  // otherwise serves large tables with mmap and raises its mmap threshold
  // after the first large free, so a map measured after another one reuses
  // warm heap pages while the first pays page faults on every iteration
  // (measured: Boost's InsertNoHint at 100k took 2.9 ms alone, 1.2 ms after
  // slicemap's). Keep tables on the heap and the heap untrimmed.
  mallopt(M_MMAP_THRESHOLD, 1 << 30);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  register_key<std::uint64_t>("u64");
  register_key<std::string>("str16");
  // The str16 keys again, as views of bytes the map does not own - Go's key
  // semantics, to show what owning the key costs against the Go twin.
  register_key<std::string_view>("view16");
  for (auto [name, function] :
       {std::pair<const char *, void (*)(benchmark::State &)>{
            "SliceAppend/slicemap", SliceAppend},
        std::pair<const char *, void (*)(benchmark::State &)>{
            "SliceAppendThreads/slicemap", SliceAppendThreads},
        std::pair<const char *, void (*)(benchmark::State &)>{
            "SliceAppendMove/slicemap", SliceAppendMove},
        std::pair<const char *, void (*)(benchmark::State &)>{
            "SliceAppend/vector", VectorPushBack},
        std::pair<const char *, void (*)(benchmark::State &)>{
            "SliceAppendReserved/slicemap", SliceAppendReserved},
        std::pair<const char *, void (*)(benchmark::State &)>{
            "SliceAppendReserved/vector", VectorPushBackReserved},
        std::pair<const char *, void (*)(benchmark::State &)>{
            "SliceSubCopy/slicemap", SliceSubCopy},
        std::pair<const char *, void (*)(benchmark::State &)>{
            "SliceSubCopy/vector", VectorSubCopy}})
    benchmark::RegisterBenchmark(name, function)
        ->Arg(1'000)
        ->Arg(100'000)
        ->Arg(1'000'000)
        ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("SliceHeaderCopy/slicemap", SliceHeaderCopy);
  benchmark::RegisterBenchmark("SliceHeaderCopyThreads/slicemap",
                               SliceHeaderCopyThreads);
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
}

// slicemap/map.hpp - Go's map, in C++: a bucket hash table after Go's
// classic runtime/map.go (Go 1.19-1.23).
//
// Semantics (fixed; the static checks rely on them)
// --------------------------------------------------
//   * A Map is a handle, like a Go map value: copying a Map shares its table
//     (reference-counted); a default-constructed or moved-from Map is nil.
//   * A nil map reads fine: get() gives V{}, find() gives nullptr, len() is 0,
//     iteration is empty, erase() is a no-op. Every write to a nil map panics
//     with Go's "assignment to entry in nil map".
//   * find()'s pointer and operator[]'s reference stay valid only until the
//     next insertion of a new key (which may move entries: growth evacuates
//     buckets incrementally) or the erase of that key. Erasing other keys
//     never moves entries, so erasing while iterating is allowed, as in Go.
//     Inserting while iterating is not (hardened mode panics).
//
// Layout
// ------
//   Table ---> buckets: 2^B Buckets        old_buckets: 2^(B-1) (while growing)
//   Bucket = | tophash[8] | overflow* | key[8] | value[8] |
// Keys and values are stored in separate arrays (not as pairs) so padding
// between a small key and a large value is never paid 8 times over, and a
// probe touches only the tophash bytes and the keys it must compare. The
// tophash byte of a slot is the top 8 bits of the key's hash (values 5..255)
// or a state: emptyRest (0: this slot and every later one in the chain is
// empty), emptyOne (1), or an evacuation mark (2..4, old buckets only).
//
// Invariants
//   * count == number of live entries; B is log2 of the bucket count.
//   * an entry lives in the chain of bucket (hash & (2^B - 1)), or - while
//     growing - in old bucket (hash & (2^oldB - 1)) if that old bucket is not
//     yet marked evacuated in old_done.
//   * a slot's key and value are constructed iff its tophash is >= 5.
//
// Why 6.5: Go measured, for load factors 4..8, the trade between overflow
// buckets (too full: long chains, each one a cache miss) and memory (too
// empty: wasted slots). At 6.5 entries per 8-slot bucket ~15% of buckets
// overflow, a successful probe reads ~1.2 buckets, and a uint64->uint64
// entry costs 144/6.5 ~ 22 bytes at maximum load (44 just after doubling).
//
// Growth (Go's hashGrow/growWork/evacuate): when an insertion would exceed
// 6.5 entries per bucket, a table twice the size is allocated and the old
// one kept; then every insertion first evacuates the old bucket it would
// touch plus the next unevacuated one, so no single insertion pays for
// moving the whole table (no latency spike). Each old entry goes to new
// bucket i or i + 2^oldB, by the hash bit that the larger mask adds. When
// deletions leave too many overflow buckets, a same-size growth compacts.
// Evacuation is per entry and exception-safe: an entry is constructed in its
// new place before its old slot is destroyed and marked, so a throwing move
// leaves every entry in exactly one table, and lookups of a bucket that is
// not marked done search both.
//
// Probing matches all 8 tophash bytes of a bucket at once (SWAR on one
// 64-bit word) and stops at the first bucket holding an emptyRest slot.
// Because the table is a template, every key type gets its own inlined hash
// and equality: the key-specialised paths Go writes by hand
// (map_fast64.go, map_faststr.go) come from the compiler here.
//
// Hardened mode (SLICEMAP_HARDENED=1) turns silent misuse into panics, as
// Go's runtime does: concurrent writes ("concurrent map writes"), a read
// during a write ("concurrent map read and map write"), use of an iterator
// after an insertion or clear ("concurrent map iteration and map write"),
// and - in AddressSanitizer builds - use of a find()/operator[] pointer into
// a slot that was vacated or evacuated (the slot's memory is poisoned).
#ifndef SLICEMAP_MAP_HPP
#define SLICEMAP_MAP_HPP

#include <slicemap/hash.hpp>
#include <slicemap/panic.hpp>

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <functional>
#include <iterator>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

#ifndef SLICEMAP_HARDENED
#define SLICEMAP_HARDENED 0
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLICEMAP_ASAN 1
#endif
#endif
#if !defined(SLICEMAP_ASAN) && defined(__SANITIZE_ADDRESS__)
#define SLICEMAP_ASAN 1
#endif
#if SLICEMAP_HARDENED && defined(SLICEMAP_ASAN)
#include <sanitizer/asan_interface.h>
#endif

namespace slicemap {

template <class K, class V, class Hash = slicemap::hash<K>,
          class Eq = std::equal_to<K>>
class Map;

/// Go's make(map[K]V, hint): a new, empty, non-nil map with room for `hint`
/// entries before it grows.
template <class K, class V, class... Opt>
Map<K, V, Opt...> make_map(std::size_t hint = 0);

namespace detail {

static_assert(std::endian::native == std::endian::little,
              "tophash matching reads slot i from byte i of a 64-bit word");

inline constexpr std::size_t bucket_slots = 8;
inline constexpr std::uint8_t empty_rest = 0;
inline constexpr std::uint8_t empty_one = 1;
inline constexpr std::uint8_t evacuated_x = 2;
inline constexpr std::uint8_t evacuated_y = 3;
inline constexpr std::uint8_t evacuated_empty = 4;
inline constexpr std::uint8_t min_top_hash = 5;

inline constexpr std::uint64_t lsb_bytes = 0x0101010101010101ULL;
inline constexpr std::uint64_t msb_bytes = 0x8080808080808080ULL;

inline std::uint8_t top_hash(std::uint64_t hash) noexcept {
  const auto top = static_cast<std::uint8_t>(hash >> 56);
  return top < min_top_hash ? static_cast<std::uint8_t>(top + min_top_hash)
                            : top;
}

/// High bit set in each byte of `word` that is zero; exact (no borrow
/// between bytes), so a set bit is a real match.
inline std::uint64_t zero_bytes(std::uint64_t word) noexcept {
  const std::uint64_t low7 = 0x7F7F7F7F7F7F7F7FULL;
  return ~(((word & low7) + low7) | word | low7);
}
inline std::uint64_t match_byte(std::uint64_t word,
                                std::uint8_t byte) noexcept {
  return zero_bytes(word ^ (lsb_bytes * byte));
}
/// Slots that are empty (emptyRest or emptyOne).
inline std::uint64_t match_empty(std::uint64_t word) noexcept {
  return zero_bytes(word & ~lsb_bytes);
}
inline std::size_t first_slot(std::uint64_t matches) noexcept {
  return static_cast<std::size_t>(std::countr_zero(matches)) / 8;
}

inline bool is_empty_slot(std::uint8_t top) noexcept {
  return top <= empty_one;
}

/// Go's overLoadFactor: more than 6.5 entries per bucket on average.
inline bool over_load_factor(std::size_t count,
                             unsigned log2_buckets) noexcept {
  return count > bucket_slots &&
         count > 13 * ((std::size_t{1} << log2_buckets) / 2);
}

inline void poison(const void *address, std::size_t size) noexcept {
#if SLICEMAP_HARDENED && defined(SLICEMAP_ASAN)
  ASAN_POISON_MEMORY_REGION(address, size);
#else
  (void)address, (void)size;
#endif
}
inline void unpoison(const void *address, std::size_t size) noexcept {
#if SLICEMAP_HARDENED && defined(SLICEMAP_ASAN)
  ASAN_UNPOISON_MEMORY_REGION(address, size);
#else
  (void)address, (void)size;
#endif
}

template <class K, class V> struct Bucket {
  std::uint8_t tophash[bucket_slots];
  // Next to the tophash bytes, not after the values (Go's order): a probe
  // that must follow the chain reads it from the cache line it already has.
  Bucket *overflow;
  alignas(K) unsigned char key_storage[sizeof(K) * bucket_slots];
  alignas(V) unsigned char value_storage[sizeof(V) * bucket_slots];

  std::uint64_t tophash_word() const noexcept {
    std::uint64_t word;
    std::memcpy(&word, tophash, sizeof word);
    return word;
  }
  K *key(std::size_t slot) noexcept {
    return std::launder(reinterpret_cast<K *>(key_storage) + slot);
  }
  V *value(std::size_t slot) noexcept {
    return std::launder(reinterpret_cast<V *>(value_storage) + slot);
  }
  void poison_slot(std::size_t slot) noexcept {
    poison(key_storage + slot * sizeof(K), sizeof(K));
    poison(value_storage + slot * sizeof(V), sizeof(V));
  }
  void unpoison_slot(std::size_t slot) noexcept {
    unpoison(key_storage + slot * sizeof(K), sizeof(K));
    unpoison(value_storage + slot * sizeof(V), sizeof(V));
  }
};

/// The shared state behind every copy of one Map.
template <class K, class V, class Hash, class Eq> class MapTable {
public:
  using BucketType = Bucket<K, V>;

  MapTable(unsigned log2_buckets, const Hash &hasher, const Eq &equal)
      : seed_(random_seed()), log2_buckets_(log2_buckets), hasher_(hasher),
        equal_(equal) {
    if (log2_buckets_ > 0)
      buckets_ = allocate_buckets(bucket_count());
  }
  MapTable(const MapTable &) = delete;
  MapTable &operator=(const MapTable &) = delete;
  ~MapTable() { release_all(); }

  void retain() noexcept { refs_.fetch_add(1, std::memory_order_relaxed); }
  bool release() noexcept {
    return refs_.fetch_sub(1, std::memory_order_acq_rel) == 1;
  }

  std::size_t size() const noexcept { return count_; }

  // --- Lookup (hot path) ---------------------------------------------------

  V *find(const K &key) {
    if (count_ == 0)
      return nullptr;
    check_not_writing();
    const std::uint64_t hash = hash_of(key);
    const std::uint8_t top = top_hash(hash);
    if (old_buckets_) [[unlikely]] {
      if (V *value = find_in_old(key, hash, top))
        return value;
    }
    return find_in_chain(&buckets_[hash & mask()], key, top);
  }

  // --- Insertion -------------------------------------------------------------

  /// Finds `key` or inserts it with a value built by `init(void *where)`.
  template <class Init>
  V *find_or_insert(const K &key, Init &&init, bool &inserted) {
    WriteGuard guard(*this);
    const std::uint64_t hash = hash_of(key); // may throw: nothing changed yet
    const std::uint8_t top = top_hash(hash);
    if (!buckets_) [[unlikely]]
      buckets_ = allocate_buckets(bucket_count());
    for (;;) {
      const std::size_t index = hash & mask();
      if (old_buckets_) [[unlikely]]
        grow_work(index);
      BucketType *bucket = &buckets_[index];
      BucketType *free_bucket = nullptr;
      std::size_t free_slot = 0;
      for (;;) {
        const std::uint64_t word = bucket->tophash_word();
        for (std::uint64_t m = match_byte(word, top); m; m &= m - 1) {
          const std::size_t slot = first_slot(m);
          if (equal_(key, *bucket->key(slot))) {
            inserted = false;
            return bucket->value(slot);
          }
        }
        if (!free_bucket) {
          if (const std::uint64_t empties = match_empty(word)) {
            free_bucket = bucket;
            free_slot = first_slot(empties);
          }
        }
        if (zero_bytes(word) || !bucket->overflow)
          break;
        bucket = bucket->overflow;
      }
      if (!old_buckets_ && (over_load_factor(count_ + 1, log2_buckets_) ||
                            too_many_overflow_buckets())) [[unlikely]] {
        start_growth();
        continue; // the table changed shape: look again
      }
      if (!free_bucket) {
        free_bucket = new_overflow(bucket);
        free_slot = 0;
      }
      V *value = construct_entry(free_bucket, free_slot, top, key,
                                 std::forward<Init>(init));
      ++count_;
      bump_generation();
      inserted = true;
      return value;
    }
  }

  // --- Erase -----------------------------------------------------------------

  /// Go's mapdelete. Never evacuates, so it never moves other entries.
  bool erase(const K &key) {
    if (count_ == 0)
      return false;
    WriteGuard guard(*this);
    const std::uint64_t hash = hash_of(key);
    const std::uint8_t top = top_hash(hash);
    if (old_buckets_) [[unlikely]] {
      const std::size_t old_index = hash & old_mask();
      if (!old_done(old_index) &&
          erase_in_chain(&old_buckets_[old_index], key, top))
        return true;
    }
    return erase_in_chain(&buckets_[hash & mask()], key, top);
  }

  void clear() {
    WriteGuard guard(*this);
    release_all();
    count_ = 0;
    overflow_count_ = 0; // buckets come back, same size, at the next insert
    seed_ = random_seed();
    bump_generation();
  }

  // --- Iteration support -----------------------------------------------------

  std::size_t bucket_count() const noexcept {
    return std::size_t{1} << log2_buckets_;
  }
  bool has_buckets() const noexcept { return buckets_ != nullptr; }
  BucketType *bucket(std::size_t index) noexcept { return &buckets_[index]; }
  /// While growing, the old chain still holding entries of new bucket
  /// `index`, or nullptr.
  BucketType *pending_old_chain(std::size_t index) noexcept {
    if (!old_buckets_)
      return nullptr;
    const std::size_t old_index = index & old_mask();
    return old_done(old_index) ? nullptr : &old_buckets_[old_index];
  }
  /// Does an entry of an old bucket belong to new bucket `index`?
  bool belongs_to(const K &key, std::size_t index) const {
    return same_size_growth_ || (hash_of(key) & mask()) == index;
  }
  std::uint64_t generation() const noexcept { return generation_; }
  void check_not_writing() const {
#if SLICEMAP_HARDENED
    if (writing_.load(std::memory_order_relaxed)) [[unlikely]]
      panic("concurrent map read and map write");
#endif
  }

private:
  /// Go's hashWriting flag: best-effort detection of unsynchronised writers.
  class WriteGuard {
  public:
#if SLICEMAP_HARDENED
    explicit WriteGuard(MapTable &table) : table_(table) {
      if (table_.writing_.exchange(true, std::memory_order_relaxed))
        panic("concurrent map writes");
    }
    ~WriteGuard() { table_.writing_.store(false, std::memory_order_relaxed); }

  private:
    MapTable &table_;
#else
    explicit WriteGuard(MapTable &) noexcept {}
#endif
    WriteGuard(const WriteGuard &) = delete;
    WriteGuard &operator=(const WriteGuard &) = delete;
  };

  std::uint64_t hash_of(const K &key) const {
    if constexpr (requires { hasher_.seeded(key, seed_); })
      return static_cast<std::uint64_t>(hasher_.seeded(key, seed_));
    else
      return mix(static_cast<std::uint64_t>(hasher_(key)), seed_);
  }
  std::size_t mask() const noexcept { return bucket_count() - 1; }
  std::size_t old_bucket_count() const noexcept {
    return same_size_growth_ ? bucket_count() : bucket_count() / 2;
  }
  std::size_t old_mask() const noexcept { return old_bucket_count() - 1; }
  bool old_done(std::size_t old_index) const noexcept {
    return (old_done_[old_index / 64] >> (old_index % 64)) & 1;
  }
  void bump_generation() noexcept {
#if SLICEMAP_HARDENED
    ++generation_;
#endif
  }

  V *find_in_chain(BucketType *bucket, const K &key, std::uint8_t top) {
    do {
      const std::uint64_t word = bucket->tophash_word();
      for (std::uint64_t m = match_byte(word, top); m; m &= m - 1) {
        const std::size_t slot = first_slot(m);
        if (equal_(key, *bucket->key(slot))) [[likely]]
          return bucket->value(slot);
      }
      if (zero_bytes(word)) // an emptyRest slot: nothing further
        return nullptr;
      bucket = bucket->overflow;
    } while (bucket);
    return nullptr;
  }

  [[gnu::noinline]] V *find_in_old(const K &key, std::uint64_t hash,
                                   std::uint8_t top) {
    const std::size_t old_index = hash & old_mask();
    if (old_done(old_index))
      return nullptr;
    return find_in_chain(&old_buckets_[old_index], key, top);
  }

  template <class Init>
  V *construct_entry(BucketType *bucket, std::size_t slot, std::uint8_t top,
                     const K &key, Init &&init) {
    bucket->unpoison_slot(slot);
    ::new (static_cast<void *>(bucket->key(slot))) K(key);
    SLICEMAP_TRY {
      std::forward<Init>(init)(static_cast<void *>(bucket->value(slot)));
    }
    SLICEMAP_CATCH_ALL {
      bucket->key(slot)->~K();
      bucket->poison_slot(slot);
      SLICEMAP_RETHROW;
    }
    bucket->tophash[slot] = top;
    return bucket->value(slot);
  }

  void destroy_entry(BucketType *bucket, std::size_t slot) noexcept {
    bucket->key(slot)->~K();
    bucket->value(slot)->~V();
    bucket->poison_slot(slot);
  }

  bool erase_in_chain(BucketType *head, const K &key, std::uint8_t top) {
    for (BucketType *bucket = head; bucket; bucket = bucket->overflow) {
      const std::uint64_t word = bucket->tophash_word();
      for (std::uint64_t m = match_byte(word, top); m; m &= m - 1) {
        const std::size_t slot = first_slot(m);
        if (!equal_(key, *bucket->key(slot)))
          continue;
        destroy_entry(bucket, slot);
        mark_empty(head, bucket, slot);
        if (--count_ == 0)
          seed_ = random_seed(); // as Go: a fresh seed for an empty map
        return true;
      }
      if (zero_bytes(word))
        return false;
    }
    return false;
  }

  /// Go's delete bookkeeping: the slot becomes emptyOne, and if nothing live
  /// follows it in the chain, it and the emptyOne run before it become
  /// emptyRest, so probes stop early.
  static void mark_empty(BucketType *head, BucketType *bucket,
                         std::size_t slot) noexcept {
    bucket->tophash[slot] = empty_one;
    const bool last_live =
        slot == bucket_slots - 1
            ? (!bucket->overflow || bucket->overflow->tophash[0] == empty_rest)
            : bucket->tophash[slot + 1] == empty_rest;
    if (!last_live)
      return;
    for (;;) {
      bucket->tophash[slot] = empty_rest;
      if (slot == 0) {
        if (bucket == head)
          return;
        BucketType *previous = head;
        while (previous->overflow != bucket)
          previous = previous->overflow;
        bucket = previous;
        slot = bucket_slots - 1;
      } else {
        --slot;
      }
      if (bucket->tophash[slot] != empty_one)
        return;
    }
  }

  bool too_many_overflow_buckets() const noexcept {
    const unsigned b = log2_buckets_ > 15 ? 15 : log2_buckets_;
    return overflow_count_ >= (std::size_t{1} << b);
  }

  [[gnu::noinline]] BucketType *new_overflow(BucketType *last) {
    BucketType *bucket = allocate_buckets(1);
    last->overflow = bucket;
    ++overflow_count_;
    return bucket;
  }

  // --- Growth (slow path, out of line) --------------------------------------

  [[gnu::noinline]] void start_growth() {
    const bool same_size = !over_load_factor(count_ + 1, log2_buckets_);
    const unsigned new_log2 = log2_buckets_ + (same_size ? 0 : 1);
    const std::size_t old_count = bucket_count();
    // Allocate everything before changing any state: a bad_alloc here
    // leaves the table as it was.
    BucketType *fresh = allocate_buckets(std::size_t{1} << new_log2);
    std::uint64_t *done;
    SLICEMAP_TRY { done = new std::uint64_t[(old_count + 63) / 64](); }
    SLICEMAP_CATCH_ALL {
      free_bucket_array(fresh, std::size_t{1} << new_log2);
      SLICEMAP_RETHROW;
    }
    old_buckets_ = buckets_;
    old_done_ = done;
    buckets_ = fresh;
    log2_buckets_ = new_log2;
    same_size_growth_ = same_size;
    evacuated_up_to_ = 0;
    overflow_count_ = 0;
    bump_generation();
  }

  void grow_work(std::size_t index) {
    evacuate(index & old_mask());
    if (old_buckets_)
      evacuate(evacuated_up_to_);
  }

  /// Where evacuation appends in a destination chain.
  struct Destination {
    BucketType *bucket;
    std::size_t slot;
  };

  Destination append_position(BucketType *bucket) noexcept {
    while (bucket->overflow)
      bucket = bucket->overflow;
    std::size_t slot = bucket_slots;
    while (slot > 0 && bucket->tophash[slot - 1] == empty_rest)
      --slot;
    return {bucket, slot};
  }

  [[gnu::noinline]] void evacuate(std::size_t old_index) {
    if (!old_done(old_index)) {
      BucketType *head = &old_buckets_[old_index];
      const std::size_t new_bit = same_size_growth_ ? 0 : old_bucket_count();
      Destination x = append_position(&buckets_[old_index]);
      Destination y = x;
      if (new_bit)
        y = append_position(&buckets_[old_index + new_bit]);
      for (BucketType *bucket = head; bucket; bucket = bucket->overflow) {
        for (std::size_t slot = 0; slot < bucket_slots; ++slot) {
          const std::uint8_t top = bucket->tophash[slot];
          if (is_empty_slot(top)) {
            bucket->tophash[slot] = evacuated_empty;
            continue;
          }
          if (top < min_top_hash)
            continue; // moved before an exception interrupted this bucket
          const bool to_y = new_bit && (hash_of(*bucket->key(slot)) & new_bit);
          Destination &to = to_y ? y : x;
          if (to.slot == bucket_slots)
            to = {new_overflow(to.bucket), 0};
          to.bucket->unpoison_slot(to.slot);
          ::new (static_cast<void *>(to.bucket->key(to.slot)))
              K(std::move_if_noexcept(*bucket->key(slot)));
          SLICEMAP_TRY {
            ::new (static_cast<void *>(to.bucket->value(to.slot)))
                V(std::move_if_noexcept(*bucket->value(slot)));
          }
          SLICEMAP_CATCH_ALL {
            to.bucket->key(to.slot)->~K();
            to.bucket->poison_slot(to.slot);
            SLICEMAP_RETHROW;
          }
          to.bucket->tophash[to.slot++] = top;
          destroy_entry(bucket, slot);
          bucket->tophash[slot] = to_y ? evacuated_y : evacuated_x;
        }
      }
      // The old chain is empty now: its overflow buckets can go at once.
      free_overflow_chain(head);
      poison(head->key_storage, sizeof head->key_storage);
      poison(head->value_storage, sizeof head->value_storage);
      old_done_[old_index / 64] |= std::uint64_t{1} << (old_index % 64);
    }
    const std::size_t old_count = old_bucket_count();
    while (evacuated_up_to_ < old_count && old_done(evacuated_up_to_))
      ++evacuated_up_to_;
    if (evacuated_up_to_ == old_count)
      finish_growth();
  }

  void finish_growth() noexcept {
    free_bucket_array(old_buckets_, old_bucket_count());
    delete[] old_done_;
    old_buckets_ = nullptr;
    old_done_ = nullptr;
    same_size_growth_ = false;
  }

  // --- Memory ---------------------------------------------------------------

  static BucketType *allocate_buckets(std::size_t count) {
    if (count > PTRDIFF_MAX / sizeof(BucketType))
      panic("makemap: size out of range");
    auto *buckets = static_cast<BucketType *>(::operator new(
        count * sizeof(BucketType), std::align_val_t(alignof(BucketType))));
    for (std::size_t i = 0; i < count; ++i) {
      std::memset(buckets[i].tophash, empty_rest, bucket_slots);
      buckets[i].overflow = nullptr;
      poison(buckets[i].key_storage, sizeof buckets[i].key_storage);
      poison(buckets[i].value_storage, sizeof buckets[i].value_storage);
    }
    return buckets;
  }

  static void free_bucket_array(BucketType *buckets,
                                std::size_t count) noexcept {
    unpoison(buckets, count * sizeof(BucketType));
    ::operator delete(buckets, std::align_val_t(alignof(BucketType)));
  }

  void free_overflow_chain(BucketType *head) noexcept {
    BucketType *bucket = head->overflow;
    head->overflow = nullptr;
    while (bucket) {
      BucketType *next = bucket->overflow;
      free_bucket_array(bucket, 1);
      bucket = next;
    }
  }

  void destroy_chain(BucketType *head) noexcept {
    for (BucketType *bucket = head; bucket; bucket = bucket->overflow)
      for (std::size_t slot = 0; slot < bucket_slots; ++slot)
        if (bucket->tophash[slot] >= min_top_hash)
          destroy_entry(bucket, slot);
    free_overflow_chain(head);
  }

  /// Destroys every entry and frees every bucket.
  void release_all() noexcept {
    if (old_buckets_) {
      for (std::size_t i = 0, n = old_bucket_count(); i < n; ++i)
        if (!old_done(i))
          destroy_chain(&old_buckets_[i]);
      free_bucket_array(old_buckets_, old_bucket_count());
      delete[] old_done_;
      old_buckets_ = nullptr;
      old_done_ = nullptr;
      same_size_growth_ = false;
    }
    if (buckets_) {
      for (std::size_t i = 0, n = bucket_count(); i < n; ++i)
        destroy_chain(&buckets_[i]);
      free_bucket_array(buckets_, bucket_count());
      buckets_ = nullptr;
    }
  }

  std::atomic<std::size_t> refs_{1};
  std::size_t count_ = 0;
  std::uint64_t seed_;
  BucketType *buckets_ = nullptr;
  BucketType *old_buckets_ = nullptr;
  std::uint64_t *old_done_ = nullptr; // bitmap over old buckets
  std::size_t evacuated_up_to_ = 0;   // Go's nevacuate
  std::size_t overflow_count_ = 0;    // Go's noverflow
  unsigned log2_buckets_;             // Go's B
  bool same_size_growth_ = false;
  [[no_unique_address]] Hash hasher_;
  [[no_unique_address]] Eq equal_;
#if SLICEMAP_HARDENED
  std::atomic<bool> writing_{false};
#endif
  std::uint64_t generation_ = 0;
};

} // namespace detail

/// A Go map: a handle to a shared hash table. Default-constructed: nil.
template <class K, class V, class Hash, class Eq> class Map {
  using Table = detail::MapTable<K, V, Hash, Eq>;
  using BucketType = typename Table::BucketType;

public:
  using key_type = K;
  using mapped_type = V;
  using size_type = std::size_t;
  using hasher = Hash;
  using key_equal = Eq;

  /// Iterates (key, value) pairs: `for (auto [k, v] : m)`; v refers into m.
  /// Order is unspecified, as in Go. Erasing entries while iterating is
  /// fine; inserting is not (hardened mode panics).
  class iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::pair<const K &, V &>;
    using reference = value_type;
    using difference_type = std::ptrdiff_t;
    struct pointer {
      value_type pair;
      const value_type *operator->() const noexcept { return &pair; }
    };

    iterator() = default;
    reference operator*() const {
      check();
      return {*bucket_->key(slot_), *bucket_->value(slot_)};
    }
    pointer operator->() const { return {**this}; }
    iterator &operator++() {
      check();
      ++slot_;
      settle();
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++*this;
      return old;
    }
    friend bool operator==(const iterator &a, const iterator &b) noexcept {
      return a.bucket_ == b.bucket_ && a.slot_ == b.slot_;
    }

  private:
    friend class Map;
    explicit iterator(Table *table) : table_(table) {
#if SLICEMAP_HARDENED
      generation_ = table->generation();
#endif
      settle();
    }

    void check() const {
#if SLICEMAP_HARDENED
      if (table_ && table_->generation() != generation_) [[unlikely]]
        detail::panic("concurrent map iteration and map write");
#endif
    }

    /// Moves forward from (bucket_, slot_) to the next live entry, or to
    /// end. Go's mapiternext: new bucket by new bucket; while growing, a
    /// new bucket whose old bucket is not yet evacuated is served from the
    /// old chain, keeping only the entries that belong to it.
    void settle() {
      for (;;) {
        if (!bucket_) {
          if (index_ == table_->bucket_count())
            return end();
          BucketType *old = table_->pending_old_chain(index_);
          in_old_ = old != nullptr;
          bucket_ = in_old_ ? old : table_->bucket(index_);
          slot_ = 0;
        }
        for (; slot_ < detail::bucket_slots; ++slot_) {
          const std::uint8_t top = bucket_->tophash[slot_];
          if (top == detail::empty_rest)
            break;
          if (top < detail::min_top_hash)
            continue;
          if (in_old_ && !table_->belongs_to(*bucket_->key(slot_), index_))
            continue;
          return;
        }
        // An emptyRest slot ends the chain's live entries.
        bucket_ = slot_ == detail::bucket_slots ? bucket_->overflow : nullptr;
        slot_ = 0;
        if (!bucket_) {
          if (in_old_) { // entries already moved live in the new chain
            in_old_ = false;
            bucket_ = table_->bucket(index_);
          } else {
            ++index_;
          }
        }
      }
    }
    void end() noexcept {
      bucket_ = nullptr;
      slot_ = 0;
    }

    Table *table_ = nullptr;
    BucketType *bucket_ = nullptr;
    std::size_t index_ = 0;
    std::size_t slot_ = 0;
    bool in_old_ = false;
#if SLICEMAP_HARDENED
    std::uint64_t generation_ = 0;
#endif
  };
  using const_iterator = iterator;

  Map() noexcept = default;
  Map(const Map &other) noexcept : table_(other.table_) {
    if (table_)
      table_->retain();
  }
  Map(Map &&other) noexcept : table_(std::exchange(other.table_, nullptr)) {}
  Map &operator=(const Map &other) noexcept {
    if (other.table_)
      other.table_->retain();
    reset(other.table_);
    return *this;
  }
  Map &operator=(Map &&other) noexcept {
    if (this != &other)
      reset(std::exchange(other.table_, nullptr));
    return *this;
  }
  ~Map() { reset(nullptr); }

  size_type len() const noexcept { return table_ ? table_->size() : 0; }
  bool is_nil() const noexcept { return table_ == nullptr; }

  /// Go's v := m[k]: a copy of the value, V{} when absent.
  V get(const K &key) const {
    if (const V *value = find(key))
      return *value;
    return V{};
  }
  /// The value for `key`, or nullptr. Valid until the next insertion of a
  /// new key or the erase of this one.
  V *find(const K &key) { return table_ ? table_->find(key) : nullptr; }
  const V *find(const K &key) const {
    return table_ ? table_->find(key) : nullptr;
  }
  bool contains(const K &key) const { return find(key) != nullptr; }

  /// Go's m[k] = v. Panics on a nil map.
  void set(const K &key, V value) {
    bool inserted;
    V *slot = writable().find_or_insert(
        key, [&](void *where) { ::new (where) V(std::move(value)); }, inserted);
    if (!inserted)
      *slot = std::move(value);
  }
  /// The value for `key`, inserting V{} when absent. Panics on a nil map.
  /// The reference is valid until the next insertion or this key's erase.
  V &operator[](const K &key) {
    bool inserted;
    return *writable().find_or_insert(
        key, [](void *where) { ::new (where) V(); }, inserted);
  }
  /// Go's delete(m, k): a no-op on a nil map. Returns whether k was there.
  bool erase(const K &key) { return table_ && table_->erase(key); }
  /// Go's clear(m): removes every entry; a no-op on a nil map.
  void clear() {
    if (table_)
      table_->clear();
  }

  iterator begin() const {
    if (!table_ || table_->size() == 0 || !table_->has_buckets())
      return iterator();
    return iterator(table_);
  }
  iterator end() const noexcept { return iterator(); }

private:
  template <class K2, class V2, class... Opt>
  friend Map<K2, V2, Opt...> make_map(std::size_t);

  Table &writable() {
    if (!table_) [[unlikely]]
      detail::panic("assignment to entry in nil map");
    return *table_;
  }

  void reset(Table *table) noexcept {
    if (table_ && table_->release())
      delete table_;
    table_ = table;
  }

  Table *table_ = nullptr;
};

template <class K, class V, class... Opt>
Map<K, V, Opt...> make_map(std::size_t hint) {
  using Result = Map<K, V, Opt...>;
  unsigned log2_buckets = 0;
  while (detail::over_load_factor(hint, log2_buckets))
    ++log2_buckets;
  Result result;
  result.table_ = new typename Result::Table(
      log2_buckets, typename Result::hasher(), typename Result::key_equal());
  return result;
}

} // namespace slicemap

#endif // SLICEMAP_MAP_HPP

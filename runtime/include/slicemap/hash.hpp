// slicemap/hash.hpp - the default hasher of slicemap::Map.
//
// std::hash of an integer is the identity on libstdc++ and libc++, which puts
// sequential keys into sequential buckets and lets an adversary choose keys
// that collide. slicemap::hash<K> mixes every key through a 64x64->128-bit
// multiply (the "folded multiply" of wyhash/absl) with a seed. Each Map draws
// its own seed from a random source, so colliding key sets cannot be
// precomputed (Go's hash0).
#ifndef SLICEMAP_HASH_HPP
#define SLICEMAP_HASH_HPP

#include <cstddef>
#include <cstdint>
#include <functional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>

namespace slicemap {
namespace detail {

/// Multiplies and folds the 128-bit product: every input bit reaches every
/// output bit, in a few cycles.
inline std::uint64_t folded_multiply(std::uint64_t a,
                                     std::uint64_t b) noexcept {
  const __uint128_t product = static_cast<__uint128_t>(a) * b;
  return static_cast<std::uint64_t>(product) ^
         static_cast<std::uint64_t>(product >> 64);
}

inline constexpr std::uint64_t hash_multiplier = 0x9E3779B97F4A7C15ULL;
inline constexpr std::uint64_t hash_salt = 0xA0761D6478BD642FULL;

inline std::uint64_t mix(std::uint64_t value, std::uint64_t seed) noexcept {
  return folded_multiply(value ^ seed ^ hash_salt, hash_multiplier);
}

/// A fresh seed per map: a per-thread generator seeded once from
/// std::random_device (a system call per map would be too slow).
inline std::uint64_t random_seed() noexcept {
  thread_local std::uint64_t state = [] {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device();
  }();
  state += hash_multiplier; // splitmix64
  std::uint64_t z = state;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

template <class T>
concept HashableBytes =
    std::is_convertible_v<const T &, std::string_view> && !std::is_pointer_v<T>;

} // namespace detail

/// The default hasher. `seeded(key, seed)` is what Map calls; operator()
/// exists so the type is also a standard-conforming hasher.
template <class K> struct hash {
  std::uint64_t seeded(const K &key, std::uint64_t seed) const
      noexcept(noexcept(std::hash<K>{}(key))) {
    if constexpr (std::is_integral_v<K> || std::is_enum_v<K> ||
                  std::is_pointer_v<K>) {
      std::uint64_t bits;
      if constexpr (std::is_pointer_v<K>)
        bits = reinterpret_cast<std::uintptr_t>(key);
      else
        bits = static_cast<std::uint64_t>(key);
      return detail::mix(bits, seed);
    } else if constexpr (detail::HashableBytes<K>) {
      const std::string_view bytes = key;
      return detail::mix(std::hash<std::string_view>{}(bytes) ^ bytes.size(),
                         seed);
    } else {
      return detail::mix(static_cast<std::uint64_t>(std::hash<K>{}(key)), seed);
    }
  }
  std::size_t operator()(const K &key) const
      noexcept(noexcept(std::declval<const hash &>().seeded(key, 0))) {
    return static_cast<std::size_t>(seeded(key, 0));
  }
};

} // namespace slicemap

#endif // SLICEMAP_HASH_HPP

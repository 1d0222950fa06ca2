// slicemap/hash.hpp - the default hasher of slicemap::Map.
//
// std::hash of an integer is the identity on libstdc++ and libc++, which puts
// sequential keys into sequential buckets and lets an adversary choose keys
// that collide. slicemap::hash<K> mixes every key through a 64x64->128-bit
// multiply (the "folded multiply" of wyhash/absl) with a seed. Each Map draws
// its own seed from a random source, so colliding key sets cannot be
// precomputed (Go's hash0). Strings are hashed inline, 16 bytes per
// multiply (Go's memhash does the same job with AES instructions).
#ifndef SLICEMAP_HASH_HPP
#define SLICEMAP_HASH_HPP

#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

/// `seed` is random per map (or the salt, for unseeded use), so it salts
/// the product by itself: a constant salt here would cost a 64-bit
/// immediate load and an xor on every lookup and insertion.
inline std::uint64_t mix(std::uint64_t value, std::uint64_t seed) noexcept {
  return folded_multiply(value ^ seed, hash_multiplier);
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

inline std::uint64_t read_u64(const char *bytes) noexcept {
  std::uint64_t value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}
inline std::uint64_t read_u32(const char *bytes) noexcept {
  std::uint32_t value;
  std::memcpy(&value, bytes, sizeof value);
  return value;
}

/// Strings, inline: 16 bytes per folded multiply, the running state (seeded)
/// in both operands so no chosen input can zero a product without knowing
/// the seed. Short keys - the common case - take two multiplies and no
/// call (std::hash<std::string_view> is an out-of-line byte loop).
inline std::uint64_t hash_bytes(const char *data, std::size_t size,
                                std::uint64_t seed) noexcept {
  std::uint64_t state = seed ^ hash_salt;
  std::uint64_t first, last;
  if (size <= 16) {
    if (size >= 8) {
      first = read_u64(data);
      last = read_u64(data + size - 8);
    } else if (size >= 4) {
      first = read_u32(data);
      last = read_u32(data + size - 4);
    } else if (size > 0) {
      first =
          static_cast<std::uint64_t>(static_cast<unsigned char>(data[0]))
              << 16 |
          static_cast<std::uint64_t>(static_cast<unsigned char>(data[size / 2]))
              << 8 |
          static_cast<unsigned char>(data[size - 1]);
      last = 0;
    } else {
      first = last = 0;
    }
  } else {
    std::size_t offset = 0;
    for (; size - offset > 16; offset += 16)
      state = folded_multiply(read_u64(data + offset) ^ state,
                              read_u64(data + offset + 8) ^
                                  std::rotl(state, 32) ^ hash_multiplier);
    first = read_u64(data + size - 16);
    last = read_u64(data + size - 8);
  }
  return mix(folded_multiply(first ^ state,
                             last ^ std::rotl(state, 32) ^ hash_multiplier) ^
                 size,
             seed);
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
      return detail::hash_bytes(bytes.data(), bytes.size(), seed);
    } else {
      return detail::mix(static_cast<std::uint64_t>(std::hash<K>{}(key)), seed);
    }
  }
  std::size_t operator()(const K &key) const
      noexcept(noexcept(std::declval<const hash &>().seeded(key, 0))) {
    return static_cast<std::size_t>(seeded(key, detail::hash_salt));
  }
};

/// The default key equality: std::equal_to, except for string-like keys,
/// which compare inline. std::string's operator== calls memcmp through the
/// PLT for every candidate slot; for keys of up to 16 bytes two overlapping
/// word loads (the ones hash_bytes makes) decide it with no call.
template <class K> struct equal_to {
  bool operator()(const K &a, const K &b) const
      noexcept(noexcept(std::equal_to<K>{}(a, b))) {
    if constexpr (detail::HashableBytes<K>) {
      const std::string_view x = a, y = b;
      const std::size_t size = x.size();
      if (size != y.size())
        return false;
      if (size >= 8 && size <= 16)
        return ((detail::read_u64(x.data()) ^ detail::read_u64(y.data())) |
                (detail::read_u64(x.data() + size - 8) ^
                 detail::read_u64(y.data() + size - 8))) == 0;
      return x == y;
    } else {
      return std::equal_to<K>{}(a, b);
    }
  }
};

} // namespace slicemap

#endif // SLICEMAP_HASH_HPP

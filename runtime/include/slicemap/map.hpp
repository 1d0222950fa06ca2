// slicemap/map.hpp - Go's map, in C++.
//
// Semantics (fixed; the static checks rely on them)
//   * A Map is a handle, like a Go map value: copying a Map shares its table,
//     a default-constructed or moved-from Map is nil.
//   * A nil map reads fine: get() gives V{}, find() gives nullptr, len() is 0,
//     iteration is empty, erase() is a no-op. Every write to a nil map panics
//     with Go's "assignment to entry in nil map".
//   * find()'s pointer and operator[]'s reference are valid only until the
//     next insertion or erase: a map may move its entries when it grows.
//
// Implementation status: this is the interim table behind the pinned API
// (a shared std::unordered_map). The Go-style bucket table - 8-slot buckets,
// tophash bytes, incremental evacuation - replaces it behind the same API.
#ifndef SLICEMAP_MAP_HPP
#define SLICEMAP_MAP_HPP

#include <slicemap/panic.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <iterator>
#include <memory>
#include <unordered_map>
#include <utility>

namespace slicemap {

/// The default hasher: std::hash finished with a 64-bit mixer, because
/// std::hash of an integer is the identity on common standard libraries.
template <class K> struct hash {
  std::size_t operator()(const K &key) const
      noexcept(noexcept(std::hash<K>{}(key))) {
    std::uint64_t x = static_cast<std::uint64_t>(std::hash<K>{}(key));
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return static_cast<std::size_t>(x);
  }
};

template <class K, class V, class Hash = slicemap::hash<K>,
          class Eq = std::equal_to<K>>
class Map;

/// Go's make(map[K]V, hint): a new, empty, non-nil map.
template <class K, class V, class... Opt>
Map<K, V, Opt...> make_map(std::size_t hint = 0);

template <class K, class V, class Hash, class Eq> class Map {
  using Table = std::unordered_map<K, V, Hash, Eq>;

public:
  using key_type = K;
  using mapped_type = V;
  using size_type = std::size_t;

  /// Iterates (key, value) pairs: `for (auto [k, v] : m)`; v refers into m.
  class iterator {
  public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = std::pair<const K &, V &>;
    using reference = value_type;
    using difference_type = std::ptrdiff_t;
    struct pointer {
      value_type pair;
      const value_type *operator->() const { return &pair; }
    };

    iterator() = default;
    reference operator*() const {
      return {position_->first, position_->second};
    }
    pointer operator->() const { return {**this}; }
    iterator &operator++() {
      ++position_;
      return *this;
    }
    iterator operator++(int) {
      iterator old = *this;
      ++position_;
      return old;
    }
    friend bool operator==(const iterator &, const iterator &) = default;

  private:
    friend class Map;
    explicit iterator(typename Table::iterator position)
        : position_(position) {}
    typename Table::iterator position_{};
  };

  Map() noexcept = default;
  Map(const Map &) noexcept = default;
  Map(Map &&other) noexcept : table_(std::move(other.table_)) {}
  Map &operator=(const Map &) noexcept = default;
  Map &operator=(Map &&other) noexcept {
    table_ = std::move(other.table_);
    return *this;
  }

  size_type len() const noexcept { return table_ ? table_->size() : 0; }
  bool is_nil() const noexcept { return table_ == nullptr; }

  /// Go's v := m[k]: a copy of the value, V{} when absent.
  V get(const K &key) const {
    if (const V *value = find(key))
      return *value;
    return V{};
  }
  V *find(const K &key) {
    if (!table_)
      return nullptr;
    auto position = table_->find(key);
    return position == table_->end() ? nullptr : &position->second;
  }
  const V *find(const K &key) const {
    return const_cast<Map *>(this)->find(key);
  }
  bool contains(const K &key) const { return find(key) != nullptr; }

  /// Go's m[k] = v.
  void set(const K &key, V value) { writable()[key] = std::move(value); }
  /// Inserts V{} when absent; the reference is valid until the next
  /// insert/erase.
  V &operator[](const K &key) { return writable()[key]; }
  /// Go's delete(m, k); a no-op on a nil map. Returns whether k was present.
  bool erase(const K &key) { return table_ && table_->erase(key) != 0; }
  void clear() {
    if (table_)
      table_->clear();
  }

  iterator begin() const {
    return table_ ? iterator(table_->begin()) : iterator();
  }
  iterator end() const { return table_ ? iterator(table_->end()) : iterator(); }

private:
  template <class K2, class V2, class... Opt>
  friend Map<K2, V2, Opt...> make_map(std::size_t);

  Table &writable() {
    if (!table_) [[unlikely]]
      detail::panic("assignment to entry in nil map");
    return *table_;
  }

  std::shared_ptr<Table> table_;
};

template <class K, class V, class... Opt>
Map<K, V, Opt...> make_map(std::size_t hint) {
  Map<K, V, Opt...> result;
  result.table_ = std::make_shared<typename Map<K, V, Opt...>::Table>();
  result.table_->reserve(hint);
  return result;
}

} // namespace slicemap

#endif // SLICEMAP_MAP_HPP

// slicemap/slice.hpp - Go's slice, in C++.
//
// Design
// ------
// A Slice<T> is a 4-word header {array, ptr, len, cap} over a reference-counted
// backing array, exactly as a Go slice header is {ptr, len, cap} over a
// garbage-collected one:
//
//   array --> [ refs | capacity | T T T T T T T T ]   (one allocation)
//                                    ^ptr    len^    ^cap (from ptr)
//
// Invariants
//   * nil slice: array == ptr == nullptr, len == cap == 0 (default-constructed,
//     moved-from). An empty non-nil slice (make_slice<T>(0), Slice<T>{a, b}
//     with no elements...) has ptr pointing at a static sentinel.
//   * every one of the array's `capacity` elements is constructed, and the
//     ones past any header's len are value-initialised: Go's zeroed memory.
//     That is what makes `s.sub(lo, hi)` with len < hi <= cap legal, and what
//     lets `append` assign into [len, cap) instead of constructing.
//     One exception, invisible through the API ("lazy tails" below): a
//     grown array of trivial elements that only one header has ever held
//     may leave [that header's len, cap) unwritten until a second header
//     shares it.
//   * copying a header shares the array (refcount.hpp: atomic once the
//     process has a second thread); the last header to go destroys it. No
//     header can dangle and no array can leak.
//
// Go semantics kept on purpose (the static checks warn about them):
//   * `append` with room (len + n <= cap) writes in place, so every header that
//     shares the array and covers those positions sees the write;
//   * `append` without room allocates a new array (growth policy: Go's
//     runtime/slice.go nextslicecap) and leaves other headers on the old one.
//
// Lazy tails. Growing an array must leave [new len, new cap) holding zero
// values, but while one header alone holds the array, nothing can read past
// that header's len: only appends through that header write there, one
// element at a time from its len, and every way to see further (`sub`, a
// copy that is then resliced) makes a second header first. So an array
// grown for a sole header (or made by make_slice) whose elements are
// trivially copyable and trivially default-constructible records in
// `zeroed_from` where its unwritten tail starts, and the first header copy
// (copy constructor, copy assignment, `sub`) zeroes [the sole header's
// len, cap) before the array is shared; that header carries a tag bit in
// its array pointer, which a copy tests in a register. Zeroing at each
// growth cost the moved idiom s = append(std::move(s), x) 10-20%; Go cannot
// defer it, because its reslicing is not a call. Two threads may copy one
// header at once (both only read it), so one of them is elected to zero the
// tail and the other waits for it.
//
// Hot paths (indexing, append within capacity, header copies and drops) are
// inline; growth and the last release are out of line so the fast path stays
// small and headers stay in registers. A header that owns its array alone
// grows it with realloc when the elements are trivially copyable (those
// arrays come from malloc for that reason): in place when the allocator has
// room, so the moved idiom s = append(std::move(s), x) costs what
// vector::push_back does despite Go's 1.25x growth steps.
#ifndef SLICEMAP_SLICE_HPP
#define SLICEMAP_SLICE_HPP

#include <slicemap/panic.hpp>
#include <slicemap/refcount.hpp>

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <memory>
#include <new>
#include <type_traits>
#include <utility>

namespace slicemap {

template <class T> class Slice;

namespace detail {

struct ArrayHeader {
  std::atomic<std::size_t> refs;
  std::size_t capacity;
  /// `capacity` once every element is constructed; below it, where the
  /// unwritten tail of a lazily zeroed array begins (see "Lazy tails").
  std::atomic<std::size_t> zeroed_from;
};

/// zeroed_from while a header copy is zeroing the tail.
inline constexpr std::size_t zeroing_tail = static_cast<std::size_t>(-1);

/// Address used as the data pointer of empty non-nil slices: never read.
alignas(64) inline constinit unsigned char zero_base[64] = {};

[[noreturn, gnu::cold, gnu::noinline]] inline void out_of_memory() {
#ifdef SLICEMAP_NO_EXCEPTIONS
  std::fputs("fatal error: runtime: out of memory\n", stderr);
  std::abort();
#else
  throw std::bad_alloc();
#endif
}

template <class T> struct ArrayLayout {
  static constexpr std::size_t alignment = alignof(T) > alignof(ArrayHeader)
                                               ? alignof(T)
                                               : alignof(ArrayHeader);
  static constexpr std::size_t elements_offset =
      (sizeof(ArrayHeader) + alignof(T) - 1) / alignof(T) * alignof(T);

  /// Arrays of trivially copyable elements live in malloc's memory, so that
  /// a sole owner can grow its array with realloc: glibc extends a block
  /// into free space after it, or remaps a large one, instead of copying
  /// every element as a new allocation must (and Go's growth steps of 1.25x
  /// make many more copies than vector's 2x).
  static constexpr bool reallocatable =
      std::is_trivially_copyable_v<T> && alignment <= alignof(std::max_align_t);

  /// Arrays whose tail past the sole header's len may stay unwritten until
  /// the array is shared ("lazy tails"): objects of these types exist in
  /// malloc's memory without construction, and zeroing them cannot throw
  /// (it runs in noexcept header copies).
  static constexpr bool lazily_zeroed =
      reallocatable && std::is_trivially_default_constructible_v<T>;

  static T *elements(ArrayHeader *header) {
    return std::launder(reinterpret_cast<T *>(
        reinterpret_cast<unsigned char *>(header) + elements_offset));
  }

  static std::size_t bytes_for(std::size_t capacity) {
    constexpr std::size_t max_elements =
        (static_cast<std::size_t>(PTRDIFF_MAX) - elements_offset) / sizeof(T);
    if (capacity > max_elements)
      panic("growslice: len out of range");
    return elements_offset + capacity * sizeof(T);
  }

  /// Raw storage for `capacity` elements; none constructed yet.
  static ArrayHeader *allocate(std::size_t capacity) {
    const std::size_t bytes = bytes_for(capacity);
    void *raw;
    if constexpr (reallocatable) {
      raw = std::malloc(bytes);
      if (!raw)
        out_of_memory();
    } else {
      raw = ::operator new(bytes, std::align_val_t(alignment));
    }
    return ::new (raw) ArrayHeader{{1}, capacity, {capacity}};
  }

  static void deallocate(ArrayHeader *header) noexcept {
    header->~ArrayHeader();
    if constexpr (reallocatable)
      std::free(header);
    else
      ::operator delete(header, std::align_val_t(alignment));
  }

  /// Grows a sole owner's array to `capacity` elements, in place when the
  /// allocator can: the elements keep their values, the new ones are zero
  /// values - or, for a lazily zeroed array, unwritten past `new_len` (the
  /// caller's header's len once it writes its appended values there). On
  /// failure the old array is untouched.
  [[gnu::noinline]] static ArrayHeader *
  reallocate(ArrayHeader *header, std::size_t capacity, std::size_t new_len)
    requires reallocatable
  {
    const std::size_t old_capacity = header->capacity;
    const std::size_t old_zeroed_from =
        header->zeroed_from.load(std::memory_order_relaxed);
    const std::size_t bytes = bytes_for(capacity);
    header->~ArrayHeader();
    void *raw = std::realloc(header, bytes);
    if (!raw) {
      ::new (header) ArrayHeader{{1}, old_capacity, {old_zeroed_from}};
      out_of_memory();
    }
    // realloc implicitly creates the trivially copyable elements at their
    // new address; the header (atomics) is created anew.
    if constexpr (lazily_zeroed) {
      return ::new (raw) ArrayHeader{{1}, capacity, {new_len}};
    } else {
      header = ::new (raw) ArrayHeader{{1}, capacity, {capacity}};
      std::uninitialized_value_construct(elements(header) + old_capacity,
                                         elements(header) + capacity);
      return header;
    }
  }

  /// Before a lazily zeroed array is shared: the zero values of its tail,
  /// from `end`, the end of the one header that held it. Copies of that
  /// header may run in several threads at once; one of them zeroes.
  [[gnu::noinline, gnu::cold]] static void zero_tail(ArrayHeader *header,
                                                     const T *end) noexcept {
    const auto len = static_cast<std::size_t>(end - elements(header));
    std::size_t from = header->zeroed_from.load(std::memory_order_acquire);
    // With one thread no other copy can run: no election.
    const bool elect = !single_threaded();
    while (elect) {
      if (from == header->capacity)
        return; // another copy of the header zeroed it
      if (from == zeroing_tail) {
        header->zeroed_from.wait(zeroing_tail, std::memory_order_acquire);
        from = header->zeroed_from.load(std::memory_order_acquire);
      } else if (header->zeroed_from.compare_exchange_weak(
                     from, zeroing_tail, std::memory_order_acquire)) {
        break;
      }
    }
    std::uninitialized_value_construct(elements(header) + std::max(from, len),
                                       elements(header) + header->capacity);
    header->zeroed_from.store(header->capacity, std::memory_order_release);
    if (elect)
      header->zeroed_from.notify_all();
  }

  // The last release destroys the array out of line: kept inline, the
  // element destructors and the allocator's free grew every header
  // destructor past the inliner's budget, and one out-of-line ~Slice call
  // on a temporary was enough to keep the caller's header in memory (moved
  // appends ran 5x slower in a TU that replaced operator delete).
  [[gnu::always_inline]] static void retain(ArrayHeader *header) noexcept {
    if (header)
      add_reference(header->refs);
  }

  [[gnu::always_inline]] static void release(ArrayHeader *header) noexcept {
    if (header && drop_reference(header->refs) == 0)
      destroy(header);
  }

  [[gnu::noinline]] static void destroy(ArrayHeader *header) noexcept {
    std::destroy_n(elements(header), header->capacity);
    deallocate(header);
  }
};

/// Go's runtime/slice.go nextslicecap: double below 256 elements, then grow
/// by (newcap + 3*256) / 4 until the new length fits (a smooth move from 2x
/// toward 1.25x). Go additionally rounds up to its malloc size classes; we
/// do not, so capacities equal the formula's exactly.
constexpr std::size_t next_slice_cap(std::size_t new_len, std::size_t old_cap) {
  std::size_t new_cap = old_cap;
  const std::size_t double_cap = new_cap + new_cap;
  if (new_len > double_cap)
    return new_len;
  constexpr std::size_t threshold = 256;
  if (old_cap < threshold)
    return double_cap;
  while (new_cap < new_len)
    new_cap += (new_cap + 3 * threshold) / 4;
  return new_cap;
}

/// memmove with element assignment: correct when [src, src+n) and
/// [dst, dst+n) overlap, as Go's copy() and append(s, t...) are.
template <class T>
void assign_overlapping(T *dst, const T *src, std::size_t n) {
  if (n == 0 || dst == src)
    return;
  if (std::less<const T *>()(dst, src) || !std::less<const T *>()(dst, src + n))
    std::copy(src, src + n, dst);
  else
    std::copy_backward(src, src + n, dst + n);
}

template <class T, class U> void assign_element(T &slot, U &&value) {
  if constexpr (std::is_assignable_v<T &, U &&>)
    slot = std::forward<U>(value);
  else
    slot = T(std::forward<U>(value));
}

template <class T, class... U>
Slice<T> append_grow(T *ptr, std::size_t len, std::size_t cap, bool may_move,
                     U &&...values);
template <class T, std::size_t N, std::size_t... I>
Slice<T> grow_with_copies(T *ptr, std::size_t len, std::size_t cap,
                          bool may_move, T (&copies)[N],
                          std::index_sequence<I...>);
template <class T> Slice<T> append_slice_grow(Slice<T> s, const Slice<T> &more);
template <class T> Slice<T> make_array_slice(std::size_t len, std::size_t cap);
template <class T> class ArrayBuilder;

} // namespace detail

/// A Go slice: a view {ptr, len, cap} over a shared, reference-counted array.
/// Default-constructed (and moved-from) it is nil.
template <class T> class Slice {
  static_assert(
      std::is_default_constructible_v<T>,
      "Slice<T> keeps [len, cap) value-initialised, like Go's zeroed memory");
  using Layout = detail::ArrayLayout<T>;

public:
  using value_type = T;
  using size_type = std::size_t;
  using iterator = T *;
  using const_iterator = T *;

  constexpr Slice() noexcept = default;

  /// Go's composite literal []T{a, b, c}: len == cap == the element count.
  Slice(std::initializer_list<T> elements) {
    if (elements.size() == 0) {
      ptr_ = end_ = cap_end_ = reinterpret_cast<T *>(detail::zero_base);
      return;
    }
    detail::ArrayHeader *header = Layout::allocate(elements.size());
    SLICEMAP_TRY {
      std::uninitialized_copy(elements.begin(), elements.end(),
                              Layout::elements(header));
    }
    SLICEMAP_CATCH_ALL {
      Layout::deallocate(header);
      SLICEMAP_RETHROW;
    }
    adopt(header, elements.size());
  }

  Slice(const Slice &other) noexcept
      : array_(other.shared_array()), ptr_(other.ptr_), end_(other.end_),
        cap_end_(other.cap_end_) {}
  Slice(Slice &&other) noexcept
      : array_(std::exchange(other.array_, 0)),
        ptr_(std::exchange(other.ptr_, nullptr)),
        end_(std::exchange(other.end_, nullptr)),
        cap_end_(std::exchange(other.cap_end_, nullptr)) {}
  Slice &operator=(const Slice &other) noexcept {
    const std::uintptr_t incoming = other.shared_array();
    Layout::release(array());
    array_ = incoming;
    ptr_ = other.ptr_;
    end_ = other.end_;
    cap_end_ = other.cap_end_;
    return *this;
  }
  Slice &operator=(Slice &&other) noexcept {
    // Move-and-swap: self-move safe without comparing addresses, which
    // would keep the compiler from holding a header in registers.
    Slice incoming(std::move(other));
    std::swap(array_, incoming.array_);
    std::swap(ptr_, incoming.ptr_);
    std::swap(end_, incoming.end_);
    std::swap(cap_end_, incoming.cap_end_);
    return *this;
  }
  [[gnu::always_inline]] ~Slice() { Layout::release(array()); }

  size_type len() const noexcept { return static_cast<size_type>(end_ - ptr_); }
  size_type cap() const noexcept {
    return static_cast<size_type>(cap_end_ - ptr_);
  }
  bool is_nil() const noexcept { return ptr_ == nullptr; }

  /// Go's s[i]: panics with "index out of range [i] with length n".
  T &operator[](size_type index) const {
    if (index >= len()) [[unlikely]]
      detail::panic_index(index, len());
    return ptr_[index];
  }

  T *data() const noexcept { return ptr_; }
  T *begin() const noexcept { return ptr_; }
  T *end() const noexcept { return end_; }

  /// Go's s[lo:hi]: shares the array; the result's cap runs to this cap.
  Slice sub(size_type lo, size_type hi) const {
    if (hi > cap())
      detail::panic("slice bounds out of range [:" + std::to_string(hi) +
                    "] with capacity " + std::to_string(cap()));
    if (lo > hi)
      detail::panic("slice bounds out of range [" + std::to_string(lo) + ":" +
                    std::to_string(hi) + "]");
    return Slice(*this, lo, hi - lo, cap() - lo);
  }

  /// Go's full slice expression s[lo:hi:max]: caps the result's capacity at
  /// max - lo, so a later append past hi reallocates instead of overwriting.
  Slice sub(size_type lo, size_type hi, size_type max) const {
    if (max > cap())
      detail::panic("slice bounds out of range [::" + std::to_string(max) +
                    "] with capacity " + std::to_string(cap()));
    if (hi > max)
      detail::panic("slice bounds out of range [:" + std::to_string(hi) + ":" +
                    std::to_string(max) + "]");
    if (lo > hi)
      detail::panic("slice bounds out of range [" + std::to_string(lo) + ":" +
                    std::to_string(hi) + ":]");
    return Slice(*this, lo, hi - lo, max - lo);
  }

private:
  template <class U, class... V> friend Slice<U> append(Slice<U>, V &&...);
  template <class U> friend Slice<U> append_slice(Slice<U>, const Slice<U> &);
  template <class U, class... V>
  friend Slice<U> detail::append_grow(U *, std::size_t, std::size_t, bool,
                                      V &&...);
  template <class U>
  friend Slice<U> detail::append_slice_grow(Slice<U>, const Slice<U> &);
  template <class U>
  friend Slice<U> detail::make_array_slice(std::size_t, std::size_t);
  template <class U> friend class detail::ArrayBuilder;

  Slice(const Slice &base, size_type offset, size_type len,
        size_type cap) noexcept
      : array_(base.shared_array()), ptr_(base.ptr_ + offset), end_(ptr_ + len),
        cap_end_(ptr_ + cap) {}

  /// Bit 0 of array_: this header is the one holder of an array whose tail
  /// past its len is not written yet ("lazy tails"). Moves carry it; a copy
  /// of such a header zeroes the tail first and is never tagged.
  static constexpr std::uintptr_t lazy_tail = 1;

  detail::ArrayHeader *array() const noexcept {
    return reinterpret_cast<detail::ArrayHeader *>(array_ & ~lazy_tail);
  }

  /// This header's array, with one more reference, for a new header that
  /// shares it. The idiom s = append(s, x) copies a header on every call:
  /// testing a field of the array here cost it 16%, testing a bit of a
  /// register costs it 3-8%.
  [[gnu::always_inline]] std::uintptr_t shared_array() const noexcept {
    if constexpr (Layout::lazily_zeroed) {
      if (array_ & lazy_tail) [[unlikely]] {
        // Values, not `this`: a header whose address reached a call would
        // live in memory on the fast path too.
        detail::ArrayHeader *header = array();
        Layout::zero_tail(header, end_);
        Layout::retain(header);
        return reinterpret_cast<std::uintptr_t>(header);
      }
    }
    // Untagged, array_ is the pointer itself: no mask on this path.
    Layout::retain(reinterpret_cast<detail::ArrayHeader *>(array_));
    return array_;
  }

  /// Takes ownership of a new array (refs == 1), lazily zeroed or not.
  void adopt(detail::ArrayHeader *header, size_type len) noexcept {
    array_ = reinterpret_cast<std::uintptr_t>(header);
    if constexpr (Layout::lazily_zeroed) {
      if (header->zeroed_from.load(std::memory_order_relaxed) !=
          header->capacity)
        array_ |= lazy_tail;
    }
    ptr_ = Layout::elements(header);
    end_ = ptr_ + len;
    cap_end_ = ptr_ + header->capacity;
  }

  bool owns_array_alone() const noexcept {
    return array_ && array()->refs.load(std::memory_order_acquire) == 1;
  }

  /// Sole owner of an array this header spans to its end: growing it in
  /// place cannot change what any other header sees. (Elements before ptr_
  /// would be carried along, so a header sliced from the front copies.)
  bool may_grow_in_place() const noexcept {
    return owns_array_alone() && ptr_ == Layout::elements(array()) &&
           cap_end_ == ptr_ + array()->capacity;
  }

  /// Growth that takes this header's array: reallocated (Go's growth
  /// policy) to hold `count` more elements, copied from `values`, which must
  /// not point into it. This header is left nil.
  Slice grow_in_place(const T *values, size_type count) {
    const size_type old_len = len();
    detail::ArrayHeader *header = Layout::reallocate(
        array(), detail::next_slice_cap(old_len + count, array()->capacity),
        old_len + count);
    array_ = 0;
    ptr_ = end_ = cap_end_ = nullptr;
    Slice grown;
    grown.adopt(header, old_len + count);
    std::copy_n(values, count, grown.ptr_ + old_len);
    return grown;
  }

  std::uintptr_t array_ = 0; // the ArrayHeader, and lazy_tail
  T *ptr_ = nullptr;
  // Pointers, not counts: a store of a T through ptr_ cannot alias them
  // (a size_t field would alias every Slice<uint64_t> element store and
  // force reloads on each append).
  T *end_ = nullptr;
  T *cap_end_ = nullptr;
};

/// Go's make([]T, len): len zero values, cap == len, never nil.
template <class T>
[[gnu::always_inline]] inline Slice<T> make_slice(std::size_t len) {
  return detail::make_array_slice<T>(len, len);
}

/// Go's make([]T, len, cap); panics "makeslice: cap out of range" if cap < len.
template <class T>
[[gnu::always_inline]] inline Slice<T> make_slice(std::size_t len,
                                                  std::size_t cap) {
  if (cap < len)
    detail::panic("makeslice: cap out of range");
  return detail::make_array_slice<T>(len, cap);
}

/// Go's append(s, values...). Returns the grown slice: the result must be
/// kept (s = append(s, v)), since `s` itself still has the old length.
template <class T, class... U>
[[nodiscard]] Slice<T> append(Slice<T> s, U &&...values) {
  constexpr std::size_t count = sizeof...(U);
  if constexpr (count == 0) {
    return s;
  } else {
    if (static_cast<std::size_t>(s.cap_end_ - s.end_) >= count) [[likely]] {
      T *out = s.end_;
      (detail::assign_element(*out++, std::forward<U>(values)), ...);
      s.end_ = out;
      return s;
    }
    // Keep the hot path in registers: neither the caller's values nor the
    // slice headers may have their address escape into the out-of-line
    // growth call, or the compiler keeps them in memory on every append.
    if constexpr (std::is_trivially_copyable_v<T> && sizeof(T) <= 16) {
      T copies[count] = {static_cast<T>(std::forward<U>(values))...};
      if constexpr (detail::ArrayLayout<T>::reallocatable) {
        if (s.may_grow_in_place())
          return s.grow_in_place(copies, count);
      }
      Slice<T> grown = detail::grow_with_copies(
          s.ptr_, s.len(), s.cap(), s.owns_array_alone(), copies,
          std::make_index_sequence<count>());
      return Slice<T>(std::move(grown));
    } else {
      Slice<T> grown =
          detail::append_grow<T>(s.ptr_, s.len(), s.cap(), s.owns_array_alone(),
                                 std::forward<U>(values)...);
      return Slice<T>(std::move(grown));
    }
  }
}

/// Go's append(s, more...). `more` may overlap `s`, or be `s` itself.
template <class T>
[[nodiscard]] Slice<T> append_slice(Slice<T> s, const Slice<T> &more) {
  const std::size_t count = more.len();
  if (count == 0)
    return s;
  if (static_cast<std::size_t>(s.cap_end_ - s.end_) >= count) {
    detail::assign_overlapping(s.end_, more.ptr_, count);
    s.end_ += count;
    return s;
  }
  if constexpr (detail::ArrayLayout<T>::reallocatable) {
    // A sole owner's array cannot be `more`'s: `more` would hold a reference.
    if (s.may_grow_in_place())
      return s.grow_in_place(more.ptr_, count);
  }
  return detail::append_slice_grow(std::move(s), more);
}

/// Go's copy(dst, src): copies min(len(dst), len(src)) elements, correct for
/// overlapping slices; returns the number copied.
template <class T> std::size_t copy(const Slice<T> &dst, const Slice<T> &src) {
  const std::size_t count = std::min(dst.len(), src.len());
  detail::assign_overlapping(dst.data(), static_cast<const T *>(src.data()),
                             count);
  return count;
}

namespace detail {

/// Builds a new backing array of `capacity` elements piece by piece, and
/// destroys whatever it constructed if an element constructor throws.
template <class T> class ArrayBuilder {
  using Layout = ArrayLayout<T>;

public:
  explicit ArrayBuilder(std::size_t capacity)
      : header_(Layout::allocate(capacity)),
        elements_(Layout::elements(header_)) {}
  ArrayBuilder(const ArrayBuilder &) = delete;
  ArrayBuilder &operator=(const ArrayBuilder &) = delete;
  ~ArrayBuilder() {
    if (!header_)
      return;
    std::destroy(elements_ + first_begin_, elements_ + first_end_);
    std::destroy(elements_, elements_ + prefix_end_);
    Layout::deallocate(header_);
  }

  /// Constructs the new tail [at, at + n) first, from values that may still
  /// refer into the old array (whose prefix is moved from afterwards).
  template <class... U> void construct_tail(std::size_t at, U &&...values) {
    first_begin_ = first_end_ = at;
    ((::new (static_cast<void *>(elements_ + first_end_))
          T(std::forward<U>(values)),
      ++first_end_),
     ...);
  }
  void copy_tail(std::size_t at, const T *source, std::size_t count) {
    first_begin_ = first_end_ = at;
    std::uninitialized_copy_n(source, count, elements_ + at);
    first_end_ = at + count;
  }

  /// Then the old elements [0, len): moved when nobody else can see them.
  void take_prefix(T *source, std::size_t count, bool may_move) {
    if constexpr (std::is_copy_constructible_v<T>) {
      if (!may_move || !std::is_nothrow_move_constructible_v<T>) {
        std::uninitialized_copy_n(source, count, elements_);
        prefix_end_ = count;
        return;
      }
    }
    std::uninitialized_move_n(source, count, elements_);
    prefix_end_ = count;
  }

  /// Finally the zero values in [end of tail, capacity) - or, for a lazily
  /// zeroed array, up to `len`, the rest left to the first header copy.
  /// Only an array built for a header that held the old one alone (or for
  /// make_slice) is left lazy: after the idiom s = append(s, x), whose
  /// by-value parameter shares the old array, the next call copies the
  /// header at once, and zeroing then, out of line, cost each growth more
  /// than zeroing now.
  Slice<T> finish(std::size_t len, bool leave_tail_unwritten) {
    const std::size_t zeroed_up_to =
        Layout::lazily_zeroed && leave_tail_unwritten ? len : header_->capacity;
    std::uninitialized_value_construct(elements_ + first_end_,
                                       elements_ + zeroed_up_to);
    header_->zeroed_from.store(zeroed_up_to, std::memory_order_relaxed);
    Slice<T> result;
    result.adopt(std::exchange(header_, nullptr), len);
    return result;
  }

private:
  ArrayHeader *header_;
  T *elements_;
  std::size_t first_begin_ = 0, first_end_ = 0, prefix_end_ = 0;
};

/// append's slow path: a new array, from the old one's elements [0, len).
template <class T, class... U>
[[gnu::noinline]] Slice<T> append_grow(T *ptr, std::size_t len, std::size_t cap,
                                       bool may_move, U &&...values) {
  const std::size_t new_len = len + sizeof...(U);
  ArrayBuilder<T> builder(next_slice_cap(new_len, cap));
  builder.construct_tail(len, std::forward<U>(values)...);
  builder.take_prefix(ptr, len, may_move);
  return builder.finish(new_len, may_move);
}

template <class T, std::size_t N, std::size_t... I>
[[gnu::always_inline]] inline Slice<T>
grow_with_copies(T *ptr, std::size_t len, std::size_t cap, bool may_move,
                 T (&copies)[N], std::index_sequence<I...>) {
  return append_grow<T>(ptr, len, cap, may_move, std::move(copies[I])...);
}

template <class T>
[[gnu::noinline]] Slice<T> append_slice_grow(Slice<T> s, const Slice<T> &more) {
  const std::size_t new_len = s.len() + more.len();
  ArrayBuilder<T> builder(next_slice_cap(new_len, s.cap()));
  builder.copy_tail(s.len(), more.ptr_, more.len());
  // `more` holds a reference to any array it shares with `s`, so a sole
  // owner here never shares with `more`.
  const bool alone = s.owns_array_alone();
  builder.take_prefix(s.ptr_, s.len(), alone);
  return builder.finish(new_len, alone);
}

template <class T>
[[gnu::always_inline]] inline Slice<T> make_array_slice(std::size_t len,
                                                        std::size_t cap) {
  Slice<T> result;
  if (cap == 0) {
    result.ptr_ = result.end_ = result.cap_end_ =
        reinterpret_cast<T *>(zero_base);
    return result;
  }
  ArrayBuilder<T> builder(cap);
  result = builder.finish(len, true);
  return result;
}

} // namespace detail
} // namespace slicemap

#endif // SLICEMAP_SLICE_HPP

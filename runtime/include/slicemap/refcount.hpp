// slicemap/refcount.hpp - the reference count behind Slice arrays and Map
// tables.
//
// Go shares a slice's array and a map's table between headers and lets the
// garbage collector free them; slicemap counts the headers instead. Headers
// may be copied across threads, so the count is atomic - but a lock-prefixed
// add and sub per header copy cost ~10 ns and drain the pipeline, which made
// Go's idiom s = append(s, x) 25x slower than vector::push_back. While the
// process has a single thread nothing can race, so the count is then updated
// with a plain load and store (libstdc++'s shared_ptr reasons the same way):
// glibc keeps __libc_single_threaded true until the first pthread_create,
// which synchronises with everything the creating thread did before.
// Without that flag (other C libraries) the count is always atomic.
#ifndef SLICEMAP_REFCOUNT_HPP
#define SLICEMAP_REFCOUNT_HPP

#include <atomic>
#include <cstddef>

#if defined(__has_include)
#if __has_include(<sys/single_threaded.h>)
#include <sys/single_threaded.h>
#define SLICEMAP_HAVE_SINGLE_THREADED 1
#endif
#endif

namespace slicemap::detail {

/// True while no second thread can observe a reference count.
[[gnu::always_inline]] inline bool single_threaded() noexcept {
#ifdef SLICEMAP_HAVE_SINGLE_THREADED
  return ::__libc_single_threaded;
#else
  return false;
#endif
}

[[gnu::always_inline]] inline void
add_reference(std::atomic<std::size_t> &refs) noexcept {
  if (single_threaded())
    refs.store(refs.load(std::memory_order_relaxed) + 1,
               std::memory_order_relaxed);
  else
    refs.fetch_add(1, std::memory_order_relaxed);
}

/// Drops one reference; returns how many are left (0: the caller was the
/// last holder and frees the shared object).
[[gnu::always_inline]] inline std::size_t
drop_reference(std::atomic<std::size_t> &refs) noexcept {
  if (single_threaded()) {
    const std::size_t left = refs.load(std::memory_order_relaxed) - 1;
    refs.store(left, std::memory_order_relaxed);
    return left;
  }
  return refs.fetch_sub(1, std::memory_order_acq_rel) - 1;
}

} // namespace slicemap::detail

#endif // SLICEMAP_REFCOUNT_HPP

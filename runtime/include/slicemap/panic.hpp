// slicemap/panic.hpp - Go-style run-time panics.
//
// Every misuse the Go runtime turns into a panic (index out of range, slice
// bounds out of range, assignment to entry in nil map, ...) throws
// slicemap::panic_error with Go's own wording, so a message seen in a C++ log
// can be looked up like a Go one. Built without exceptions, the message is
// printed to stderr and the process aborts, as an unrecovered Go panic does.
#ifndef SLICEMAP_PANIC_HPP
#define SLICEMAP_PANIC_HPP

#include <cstddef>
#include <stdexcept>
#include <string>

#if !defined(__cpp_exceptions) && !defined(__EXCEPTIONS)
#include <cstdio>
#include <cstdlib>
#define SLICEMAP_NO_EXCEPTIONS 1
#endif

// try/catch that compiles away without exceptions (cleanup paths then
// never run: nothing can throw).
#ifdef SLICEMAP_NO_EXCEPTIONS
#define SLICEMAP_TRY if (true)
#define SLICEMAP_CATCH_ALL if (false)
#define SLICEMAP_RETHROW
#else
#define SLICEMAP_TRY try
#define SLICEMAP_CATCH_ALL catch (...)
#define SLICEMAP_RETHROW throw
#endif

namespace slicemap {

/// What every slicemap run-time panic throws; what() is Go's message.
struct panic_error : std::logic_error {
  using std::logic_error::logic_error;
};

namespace detail {

/// Out of line and cold: keeps the panic's string formatting off hot paths.
[[noreturn, gnu::cold, gnu::noinline]] inline void
panic(const std::string &message) {
#ifdef SLICEMAP_NO_EXCEPTIONS
  std::fprintf(stderr, "panic: %s\n", message.c_str());
  std::abort();
#else
  throw panic_error(message);
#endif
}

[[noreturn, gnu::cold, gnu::noinline]] inline void
panic_index(std::size_t index, std::size_t length) {
  panic("index out of range [" + std::to_string(index) + "] with length " +
        std::to_string(length));
}

} // namespace detail
} // namespace slicemap

#endif // SLICEMAP_PANIC_HPP

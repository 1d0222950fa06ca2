// Shared by the runtime tests: what a slicemap panic said.
#ifndef SLICEMAP_TEST_RUNTIME_PANIC_MATCHERS_HPP
#define SLICEMAP_TEST_RUNTIME_PANIC_MATCHERS_HPP

#include <slicemap/panic.hpp>

#include <string>

/// Runs `f` and returns the message of the slicemap::panic_error it threw,
/// or "<no panic>".
template <class F> std::string panicMessage(F &&f) {
  try {
    f();
  } catch (const slicemap::panic_error &e) {
    return e.what();
  }
  return "<no panic>";
}

#endif // SLICEMAP_TEST_RUNTIME_PANIC_MATCHERS_HPP

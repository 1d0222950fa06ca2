// Go's slice semantics as executable examples: slicemap::Slice.
#include <slicemap/slice.hpp>

#include "panic_matchers.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

using slicemap::append;
using slicemap::append_slice;
using slicemap::make_slice;
using slicemap::panic_error;
using slicemap::Slice;

namespace {

template <class T> std::vector<T> contents(const Slice<T> &s) {
  return std::vector<T>(s.begin(), s.end());
}

TEST(Slice, NilAndEmpty) {
  Slice<int> nil;
  EXPECT_TRUE(nil.is_nil());
  EXPECT_EQ(nil.len(), 0u);
  EXPECT_EQ(nil.cap(), 0u);
  EXPECT_EQ(nil.begin(), nil.end());
  EXPECT_TRUE(nil.sub(0, 0).is_nil()); // Go: nil[0:0] is nil

  Slice<int> made = make_slice<int>(0);
  EXPECT_FALSE(made.is_nil()); // Go: make([]int, 0) != nil
  EXPECT_EQ(made.len(), 0u);

  Slice<int> moved = make_slice<int>(3);
  Slice<int> target = std::move(moved);
  EXPECT_TRUE(moved.is_nil()); // NOLINT(bugprone-use-after-move): the spec
  EXPECT_EQ(target.len(), 3u);
}

TEST(Slice, MakeAndLiteral) {
  Slice<int> s = make_slice<int>(3, 10);
  EXPECT_EQ(s.len(), 3u);
  EXPECT_EQ(s.cap(), 10u);
  EXPECT_EQ(contents(s), (std::vector<int>{0, 0, 0}));
  Slice<std::string> words{"a", "b"};
  EXPECT_EQ(words.len(), 2u);
  EXPECT_EQ(words.cap(), 2u);
  EXPECT_EQ(words[1], "b");
  EXPECT_EQ(panicMessage([] { (void)make_slice<int>(5, 4); }),
            "makeslice: cap out of range");
}

TEST(Slice, PanicMessagesSpeakGo) {
  Slice<int> s{1, 2, 3};
  EXPECT_EQ(panicMessage([&] { (void)s[5]; }),
            "index out of range [5] with length 3");
  Slice<int> four = make_slice<int>(2, 4);
  EXPECT_EQ(panicMessage([&] { (void)four.sub(0, 7); }),
            "slice bounds out of range [:7] with capacity 4");
  EXPECT_EQ(panicMessage([&] { (void)four.sub(3, 2); }),
            "slice bounds out of range [3:2]");
  EXPECT_EQ(panicMessage([&] { (void)four.sub(0, 1, 9); }),
            "slice bounds out of range [::9] with capacity 4");
  EXPECT_EQ(panicMessage([&] { (void)four.sub(0, 3, 2); }),
            "slice bounds out of range [:3:2]");
  EXPECT_EQ(panicMessage([&] { (void)four.sub(2, 1, 3); }),
            "slice bounds out of range [2:1:]");
  EXPECT_TRUE((std::is_base_of_v<std::logic_error, panic_error>));
}

TEST(Slice, SubExtendsIntoCapacityWithZeroValues) {
  Slice<std::string> s = make_slice<std::string>(1, 4);
  s[0] = "x";
  Slice<std::string> wider = s.sub(0, 4);
  EXPECT_EQ(contents(wider), (std::vector<std::string>{"x", "", "", ""}));
  Slice<std::string> capped = s.sub(0, 1, 2);
  EXPECT_EQ(capped.cap(), 2u);
  EXPECT_EQ(s.sub(1, 3).cap(), 3u);
}

// Go pitfall: b := append(a[:2], x) overwrites a[2] when a has capacity.
TEST(Slice, AppendToSubSliceOverwritesParent) {
  Slice<int> a{1, 2, 3};
  // NOLINTNEXTLINE(slicemap-shared-append): the pitfall under test
  Slice<int> b = append(a.sub(0, 2), 42);
  EXPECT_EQ(a[2], 42);
  EXPECT_EQ(b.data(), a.data()); // shared array
  // The full slice expression caps capacity, so append copies instead.
  Slice<int> c{1, 2, 3};
  Slice<int> d = append(c.sub(0, 2, 2), 42);
  EXPECT_EQ(c[2], 3);
  EXPECT_EQ(d[2], 42);
}

// Go pitfall: two appends to one base clobber each other.
TEST(Slice, TwoAppendsToOneBaseClobber) {
  Slice<int> base = make_slice<int>(0, 10);
  Slice<int> x = append(base, 1);
  Slice<int> y = append(base, 2); // NOLINT(slicemap-shared-append): tested
  EXPECT_EQ(x[0], 2);
  EXPECT_EQ(y[0], 2);
  EXPECT_EQ(base.len(), 0u);
}

TEST(Slice, GrowthLeavesOtherHeadersOnTheOldArray) {
  Slice<int> a{1, 2};
  Slice<int> grown = append(a, 3);
  grown[0] = 100;
  EXPECT_EQ(a[0], 1);
  EXPECT_NE(grown.data(), a.data());
}

// The growth sequence is Go's nextslicecap, without malloc size classes.
TEST(Slice, GrowthSequenceMatchesGo) {
  Slice<long> s;
  std::vector<std::size_t> caps;
  for (int i = 0; i < 1800; ++i) {
    s = append(s, long{i});
    if (caps.empty() || caps.back() != s.cap())
      caps.push_back(s.cap());
  }
  EXPECT_EQ(caps, (std::vector<std::size_t>{1, 2, 4, 8, 16, 32, 64, 128, 256,
                                            512, 832, 1232, 1732, 2357}));
  // A request beyond double capacity gets exactly what it asks for.
  Slice<int> small{1, 2, 3, 4};
  EXPECT_EQ(append_slice(small, make_slice<int>(10)).cap(), 14u);
  EXPECT_EQ(append(Slice<int>{}, 1, 2, 3, 4, 5).cap(), 5u);
  static_assert(slicemap::detail::next_slice_cap(257, 256) == 512);
  static_assert(slicemap::detail::next_slice_cap(513, 512) == 832);
}

// A sole owner's growth reallocates (in place when the allocator can) but
// keeps Go's result: old elements, the appended ones, zero values after.
TEST(Slice, SoleOwnerGrowthKeepsGoSemantics) {
  Slice<int> s = append(make_slice<int>(0, 4), 1, 2, 3, 4);
  s = s.sub(0, 1); // [1 | 2 3 4]: stale values past len, sole owner
  s = append(std::move(s), 10, 20, 30, 40); // needs 5 > cap 4: grows
  EXPECT_EQ(contents(s), (std::vector<int>{1, 10, 20, 30, 40}));
  EXPECT_EQ(s.cap(), 8u);
  EXPECT_EQ(contents(s.sub(5, 8)), (std::vector<int>{0, 0, 0}));

  s = append_slice(std::move(s), Slice<int>{5, 6, 7, 8});
  EXPECT_EQ(contents(s), (std::vector<int>{1, 10, 20, 30, 40, 5, 6, 7, 8}));
  EXPECT_EQ(s.cap(), 16u);
  EXPECT_EQ(contents(s.sub(9, 16)), std::vector<int>(7, 0));

  // Zero values are value-initialised, whatever their bytes.
  struct Defaulted {
    int v = 7;
  };
  Slice<Defaulted> d = append(Slice<Defaulted>{Defaulted{1}}, Defaulted{2});
  d = append(std::move(d), Defaulted{3}); // cap 2 -> 4, sole owner
  ASSERT_EQ(d.cap(), 4u);
  EXPECT_EQ(d[2].v, 3);
  EXPECT_EQ(d.sub(3, 4)[0].v, 7);

  // A header sliced from the front, or capped by a full slice expression,
  // is not grown in place: the array's other elements stay as they were.
  Slice<int> tail = append(make_slice<int>(0, 4), 1, 2, 3, 4).sub(2, 4);
  tail = append(std::move(tail), 5);
  EXPECT_EQ(contents(tail), (std::vector<int>{3, 4, 5}));
  Slice<int> whole = append(make_slice<int>(0, 4), 1, 2, 3, 4);
  Slice<int> capped = whole.sub(0, 2, 2);
  capped = append(std::move(capped), 9);
  EXPECT_EQ(contents(whole), (std::vector<int>{1, 2, 3, 4}));
  EXPECT_EQ(contents(capped), (std::vector<int>{1, 2, 9}));
  Slice<int> capped_alone =
      append(make_slice<int>(0, 4), 1, 2, 3, 4).sub(0, 2, 2);
  capped_alone = append(std::move(capped_alone), 9);
  EXPECT_EQ(contents(capped_alone), (std::vector<int>{1, 2, 9}));
}

// Lazy tails (slice.hpp): an array of trivial elements grown for, or made
// for, one header leaves [len, cap) unwritten until a second header shares
// it. Whatever the allocator's memory held, every view of the tail must
// read zero values - and values appended in place must survive the zeroing.

/// Fills and frees blocks of the sizes the arrays below pass through, so
/// that malloc and realloc hand back memory that is not zero.
void dirty_the_heap() {
  std::vector<void *> blocks;
  for (std::size_t size = 16; size <= (std::size_t{1} << 17);
       size += size / 4 + 8)
    for (int copies = 0; copies < 3; ++copies) {
      void *block = std::malloc(size);
      std::memset(block, 0xA5, size);
      blocks.push_back(block);
    }
  for (void *block : blocks)
    std::free(block);
}

/// A sole header holding 1..n, grown by moved appends (realloc in place).
Slice<std::uint64_t> grown_alone(std::size_t n) {
  dirty_the_heap();
  Slice<std::uint64_t> s;
  for (std::size_t i = 1; i <= n; ++i)
    s = append(std::move(s), std::uint64_t{i});
  return s;
}

std::vector<std::uint64_t> one_to_n_then_zeros(std::size_t n, std::size_t cap) {
  std::vector<std::uint64_t> expected(cap, 0);
  for (std::size_t i = 0; i < n; ++i)
    expected[i] = i + 1;
  return expected;
}

TEST(Slice, LazyTailReadsAsZeroValuesThroughEveryView) {
  // n = 6: the growth to cap 8 came at the 5th append, the 6th was
  // written in place after it.
  for (std::size_t n : {3u, 6u, 300u, 5000u, 70000u}) {
    SCOPED_TRACE(n);
    {
      Slice<std::uint64_t> s = grown_alone(n);
      ASSERT_LT(s.len(), s.cap());
      EXPECT_EQ(contents(s.sub(0, s.cap())), one_to_n_then_zeros(n, s.cap()));
    }
    {
      const Slice<std::uint64_t> s = grown_alone(n);
      const Slice<std::uint64_t> copy = s; // copy constructor
      EXPECT_EQ(contents(copy.sub(0, copy.cap())),
                one_to_n_then_zeros(n, s.cap()));
    }
    {
      const Slice<std::uint64_t> s = grown_alone(n);
      Slice<std::uint64_t> assigned{7};
      assigned = s; // copy assignment
      EXPECT_EQ(contents(assigned.sub(0, assigned.cap())),
                one_to_n_then_zeros(n, s.cap()));
    }
    {
      // The idiom copies the header into append, which then writes in
      // place past the old len.
      Slice<std::uint64_t> s = grown_alone(n);
      s = append(s, std::uint64_t{n + 1});
      EXPECT_EQ(contents(s.sub(0, s.cap())),
                one_to_n_then_zeros(n + 1, s.cap()));
    }
  }
}

TEST(Slice, LazyTailKeepsWhatTheSoleHeaderWrote) {
  // Shrinking a sole header goes through sub(), which shares the array
  // first: the elements past the new len are the old values, as in Go.
  Slice<std::uint64_t> s = grown_alone(6);
  ASSERT_EQ(s.cap(), 8u);
  s = s.sub(0, 2);
  EXPECT_EQ(contents(s.sub(0, 8)),
            (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6, 0, 0}));

  // Headers that share a zeroed array see each other's in-place appends.
  Slice<std::uint64_t> a = grown_alone(5);
  Slice<std::uint64_t> b = a;
  a = append(std::move(a), std::uint64_t{42});
  EXPECT_EQ(contents(b.sub(0, 8)),
            (std::vector<std::uint64_t>{1, 2, 3, 4, 5, 42, 0, 0}));
}

TEST(Slice, LazyTailOfEveryGrowthPath) {
  dirty_the_heap();
  // Several values at once, through realloc.
  Slice<std::uint64_t> s = grown_alone(4);
  s = append(std::move(s), std::uint64_t{5}, std::uint64_t{6},
             std::uint64_t{7});
  ASSERT_EQ(s.cap(), 8u);
  EXPECT_EQ(contents(s.sub(0, 8)), one_to_n_then_zeros(7, 8));

  // append_slice, through realloc and through a new array (shared source).
  Slice<std::uint64_t> t = grown_alone(4);
  t = append_slice(std::move(t), Slice<std::uint64_t>{5, 6, 7});
  ASSERT_EQ(t.cap(), 8u);
  EXPECT_EQ(contents(t.sub(0, 8)), one_to_n_then_zeros(7, 8));
  Slice<std::uint64_t> base = grown_alone(4);
  Slice<std::uint64_t> grown = append_slice(base, base);
  ASSERT_EQ(grown.cap(), 8u);
  EXPECT_EQ(contents(grown.sub(0, 8)),
            (std::vector<std::uint64_t>{1, 2, 3, 4, 1, 2, 3, 4}));
  // A sole header sliced from the front grows into a new array, lazily.
  dirty_the_heap();
  Slice<std::uint64_t> front = grown_alone(8).sub(4, 8);
  front = append(std::move(front), std::uint64_t{9});
  ASSERT_EQ(front.cap(), 8u);
  EXPECT_EQ(contents(front.sub(0, 8)),
            (std::vector<std::uint64_t>{5, 6, 7, 8, 9, 0, 0, 0}));
  front = grown_alone(8).sub(4, 8);
  front = append_slice(std::move(front), Slice<std::uint64_t>{9, 10});
  ASSERT_EQ(front.cap(), 8u);
  EXPECT_EQ(contents(front.sub(0, 8)),
            (std::vector<std::uint64_t>{5, 6, 7, 8, 9, 10, 0, 0}));
  // A shared old array: the new one is zeroed at once (same view).
  grown = append(base.sub(0, 3, 3), std::uint64_t{9}); // a new array
  ASSERT_EQ(grown.cap(), 6u);
  EXPECT_EQ(contents(grown.sub(0, 6)),
            (std::vector<std::uint64_t>{1, 2, 3, 9, 0, 0}));

  // make_slice(len, cap): len zero values, the rest lazily.
  dirty_the_heap();
  Slice<std::uint64_t> made = make_slice<std::uint64_t>(3, 1000);
  EXPECT_EQ(contents(made), (std::vector<std::uint64_t>{0, 0, 0}));
  made = append(std::move(made), std::uint64_t{4});
  std::vector<std::uint64_t> expected(1000, 0);
  expected[3] = 4;
  EXPECT_EQ(contents(made.sub(0, 1000)), expected);
}

TEST(Slice, LazyTailZeroedOnceWhenThreadsCopyTheHeaderAtOnce) {
  for (int round = 0; round < 200; ++round) {
    const Slice<std::uint64_t> s = grown_alone(300); // cap 512, lazy tail
    std::atomic<int> ready{0};
    std::atomic<bool> zeros_everywhere{true};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
      threads.emplace_back([&] {
        ++ready;
        while (ready.load() < 4) {
        }
        const Slice<std::uint64_t> copy = s; // only reads `s`
        const Slice<std::uint64_t> wide = copy.sub(0, copy.cap());
        // Grown to cap 512 at the 257th append, then written in place up
        // to 300: those values stay, the rest reads zero.
        for (std::size_t i = 0; i < wide.len(); ++i)
          if (wide[i] != (i < 300 ? i + 1 : 0))
            zeros_everywhere = false;
      });
    for (auto &thread : threads)
      thread.join();
    ASSERT_TRUE(zeros_everywhere) << "round " << round;
  }
}

TEST(Slice, AppendSliceHandlesSelfAndOverlap) {
  Slice<int> s{1, 2, 3};
  s = append_slice(s, s); // grows
  EXPECT_EQ(contents(s), (std::vector<int>{1, 2, 3, 1, 2, 3}));
  Slice<int> roomy = append(make_slice<int>(0, 16), 1, 2, 3);
  roomy = append_slice(roomy, roomy); // in place
  EXPECT_EQ(contents(roomy), (std::vector<int>{1, 2, 3, 1, 2, 3}));
  // The source overlaps the destination range [len, len+n).
  Slice<int> wide = append(make_slice<int>(0, 16), 1, 2, 3, 4, 5, 6);
  Slice<int> head = wide.sub(0, 2);
  head = append_slice(head, wide.sub(1, 5));
  EXPECT_EQ(contents(head), (std::vector<int>{1, 2, 2, 3, 4, 5}));
}

TEST(Slice, CopyIsMemmove) {
  Slice<int> s{1, 2, 3, 4, 5};
  EXPECT_EQ(slicemap::copy(s.sub(1, 5), s.sub(0, 4)), 4u);
  EXPECT_EQ(contents(s), (std::vector<int>{1, 1, 2, 3, 4}));
  Slice<int> t{1, 2, 3, 4, 5};
  EXPECT_EQ(slicemap::copy(t.sub(0, 4), t.sub(1, 5)), 4u);
  EXPECT_EQ(contents(t), (std::vector<int>{2, 3, 4, 5, 5}));
  Slice<int> shorter{9};
  EXPECT_EQ(slicemap::copy(shorter, t), 1u);
  EXPECT_EQ(shorter[0], 2);
  EXPECT_EQ(slicemap::copy(Slice<int>{}, t), 0u);
}

TEST(Slice, AppendValueThatAliasesTheSlice) {
  Slice<std::string> s{"first", "second"}; // full: the append grows
  s = append(s, s[0], s[1]);
  EXPECT_EQ(contents(s),
            (std::vector<std::string>{"first", "second", "first", "second"}));
  Slice<std::string> roomy = append(make_slice<std::string>(0, 8), "a");
  roomy = append(roomy, roomy[0]);
  EXPECT_EQ(roomy[1], "a");
}

TEST(Slice, MoveOnlyElements) {
  Slice<std::unique_ptr<int>> s;
  for (int i = 0; i < 100; ++i)
    s = append(std::move(s), std::make_unique<int>(i));
  ASSERT_EQ(s.len(), 100u);
  for (int i = 0; i < 100; ++i)
    EXPECT_EQ(*s[i], i);
}

TEST(Slice, NestedSlicesAndStrings) {
  Slice<Slice<std::string>> rows;
  for (int r = 0; r < 50; ++r) {
    Slice<std::string> row;
    for (int c = 0; c < r; ++c)
      row = append(row, std::to_string(r * 100 + c));
    rows = append(rows, row);
  }
  EXPECT_EQ(rows[49].len(), 49u);
  EXPECT_EQ(rows[49][48], "4948");
}

// Counts live instances and throws from the Nth copy, to prove that a
// throwing element leaks nothing and leaves the slice as it was.
struct Fragile {
  static inline int live = 0;
  static inline int copies_until_throw = -1;
  int value = 0;
  Fragile() { ++live; }
  Fragile(int v) : value(v) { ++live; }
  Fragile(const Fragile &other) : value(other.value) {
    if (copies_until_throw == 0)
      throw std::runtime_error("copy failed");
    if (copies_until_throw > 0)
      --copies_until_throw;
    ++live;
  }
  Fragile &operator=(const Fragile &) = default;
  ~Fragile() { --live; }
};

TEST(Slice, ThrowingCopyDuringGrowthLeaksNothing) {
  {
    Slice<Fragile> s{Fragile(1), Fragile(2), Fragile(3)};
    Slice<Fragile> keep = s; // shared: growth must copy, not move
    const int before = Fragile::live;
    Fragile::copies_until_throw = 2;
    EXPECT_THROW((void)append(s, Fragile(4)), std::runtime_error);
    Fragile::copies_until_throw = -1;
    EXPECT_EQ(Fragile::live, before);
    EXPECT_EQ(s.len(), 3u);
    EXPECT_EQ(s[2].value, 3);
    EXPECT_EQ(keep[0].value, 1);
  }
  EXPECT_EQ(Fragile::live, 0);
}

TEST(Slice, HeadersCopiedAcrossThreads) {
  Slice<std::string> shared{"a", "b", "c"};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([shared] {
      for (int i = 0; i < 10000; ++i) {
        Slice<std::string> copy = shared;
        Slice<std::string> grown = append(copy.sub(0, 3, 3), "d");
        ASSERT_EQ(grown.len(), 4u);
      }
    });
  for (auto &thread : threads)
    thread.join();
  EXPECT_EQ(shared.len(), 3u);
}

// Reference counts are plain loads and stores while the process has one
// thread and atomic from its first pthread_create on (refcount.hpp,
// single_threaded()). Headers copied on both sides of that switch, and then
// raced on by two threads, must still count the array exactly once. Runs in
// a fresh process (threadsafe death-test style re-executes the binary) so
// that the first half really is single-threaded.
struct Tracked {
  static inline std::atomic<int> live{0};
  Tracked() { ++live; }
  Tracked(const Tracked &) { ++live; }
  Tracked &operator=(const Tracked &) = default;
  ~Tracked() { --live; }
};

[[noreturn]] void share_across_the_first_thread() {
#ifdef SLICEMAP_HAVE_SINGLE_THREADED
  if (!slicemap::detail::single_threaded())
    std::_Exit(2); // not a fresh process: the test would prove nothing
#endif
  {
    Slice<Tracked> s = make_slice<Tracked>(4);
    Slice<Tracked> copied_before = s; // counted with plain stores
    std::thread worker([copy = s]() mutable {
      for (int i = 0; i < 200000; ++i) {
        Slice<Tracked> c = copy;
        copy = c.sub(0, 4);
      }
    });
    for (int i = 0; i < 200000; ++i) { // races with the worker
      Slice<Tracked> c = s;
      s = append(c.sub(0, 3), Tracked());
    }
    worker.join();
    if (slicemap::detail::single_threaded())
      std::_Exit(3);
    copied_before = Slice<Tracked>();
    if (Tracked::live != 4)
      std::_Exit(4); // `s` still holds the array, and only `s`
  }
  std::_Exit(Tracked::live == 0 ? 0 : 5);
}

TEST(SliceDeathTest, ReferenceCountsSurviveTheFirstThread) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  EXPECT_EXIT(share_across_the_first_thread(), testing::ExitedWithCode(0), "");
}

// Randomised differential test against a std::vector model: appends with
// and without spare capacity, sub-slices, copies and reads.
TEST(Slice, DifferentialAgainstVector) {
  std::mt19937_64 random(20261123);
  Slice<int> s;
  std::vector<int> model;
  for (int op = 0; op < 1'000'000; ++op) {
    switch (random() % 8) {
    case 0:
    case 1: {
      const int v = static_cast<int>(random() % 1000);
      s = append(s, v);
      model.push_back(v);
      break;
    }
    case 2: { // the sole owner's path: growth may reallocate in place
      const int v = static_cast<int>(random() % 1000);
      s = append(std::move(s), v, v + 1);
      model.insert(model.end(), {v, v + 1});
      break;
    }
    case 3: {
      Slice<int> more{1, 2, 3};
      if (random() % 2)
        s = append_slice(s, more);
      else
        s = append_slice(std::move(s), more);
      model.insert(model.end(), {1, 2, 3});
      break;
    }
    case 4:
      if (!model.empty()) {
        const std::size_t lo = random() % model.size();
        const std::size_t hi = lo + random() % (model.size() - lo + 1);
        s = s.sub(lo, hi);
        model = std::vector<int>(model.begin() + lo, model.begin() + hi);
      }
      break;
    case 5:
      if (model.size() > 1) {
        const std::size_t n = model.size() / 2;
        slicemap::copy(s, s.sub(n, model.size()));
        std::copy(model.begin() + n, model.end(), model.begin());
      }
      break;
    case 6:
      if (!model.empty()) {
        const std::size_t i = random() % model.size();
        ASSERT_EQ(s[i], model[i]);
      }
      break;
    case 7:
      if (model.size() > 10000) {
        s = s.sub(0, 0);
        model.clear();
      }
      break;
    }
    ASSERT_EQ(s.len(), model.size());
  }
  EXPECT_EQ(contents(s), model);
}

} // namespace

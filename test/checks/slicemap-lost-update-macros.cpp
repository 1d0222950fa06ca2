// RUN: %check_clang_tidy %s slicemap-lost-update %t -- -- -DNDEBUG

// Reads this build compiled out: a copy named in a macro argument the
// expansion drops (assert under NDEBUG, a project's empty SASSERT), or in a
// skipped conditional block, is read in the builds that keep that code. It
// counts after the modification, or before it in a loop around both - never
// before the copy, nor in another function.

#include <cassert>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#define SASSERT(cond)
#define DEBUG_CODE(code)
#define VERIFY(cond) DEBUG_CODE(if (!(cond)) std::abort();)
#define TRACE(...)
#define LOG_IF(level, message) log_level(level)
#define NAME_OF(x) #x
#define CHECK_THAT(cond) ((cond) ? (void)0 : std::abort())

struct Literal {
  int var = 0;
  bool sign = false;
};

struct Clause {
  std::vector<Literal> literals;
  Literal &get(unsigned i) { return literals[i]; }
};

void log_level(int);
void log_name(const char *);
void use(int);

// --- Silent: read in the builds that keep the code ---------------------------

void readInAssert(Clause &c, int v) {
  Literal l = c.get(0);
  l.sign = !l.sign;
  assert(l.var == v && l.sign);
}

void readInEmptyProjectMacro(std::vector<int> &counts) {
  auto r = counts[2];
  r++;
  SASSERT(r == 3);
}

void readInNestedDroppedMacro(std::map<int, std::vector<int>> &table) {
  auto v = table[1];
  v.push_back(2);
  VERIFY(v.size() < 10);
}

void readInDroppedVariadicArgument(std::vector<int> &counts) {
  auto n = counts[0];
  n += 2;
  TRACE("n is now %d", n);
}

void readInOneDroppedParameter(std::vector<int> &counts) {
  auto n = counts[0];
  n *= 3;
  LOG_IF(1, n);
}

void readInSkippedBlock(std::vector<int> &counts) {
  auto n = counts[1];
  --n;
#ifndef NDEBUG
  use(n);
#endif
#ifdef SLICEMAP_TEST_VERBOSE
  use(n + 1);
#endif
}

void readEarlierInTheLoop(std::vector<int> &counts) {
  auto n = counts[1];
  for (int i = 0; i < 3; ++i) {
    SASSERT(n < 3);
    n++;
  }
}

void keptArgumentIsARealRead(std::vector<int> &counts) {
  auto n = counts[1];
  n++;
  CHECK_THAT(n > 0);
}

template <class Container> void readInTemplate(Container &c) {
  auto first = c[0];
  first.push_back(1);
  assert(!first.empty());
}
template void readInTemplate(std::vector<std::vector<int>> &);
template void readInTemplate(std::map<int, std::vector<int>> &);

void readInLambda(std::vector<int> &counts) {
  auto bump = [&counts] {
    auto r = counts[2];
    r++;
    SASSERT(r > 0);
  };
  bump();
}

// --- Reported: the compiled-out mention cannot see the modification ----------

void mentionBeforeTheModification(std::vector<int> &counts) {
  auto r = counts[2];
  SASSERT(r == 3);
  r++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'r' is a copy of 'counts[2]'; this modification is lost when 'r' goes out of scope [slicemap-lost-update]
}

void mentionBeforeTheCopy(std::vector<int> &counts, int r) {
  SASSERT(r > 0);
  {
    auto r = counts[2];
    r++;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'r' is a copy of 'counts[2]'; this modification is lost
  }
}

void copyInLambdaMentionOutside(std::vector<int> &counts) {
  auto bump = [&counts] {
    auto r = counts[2];
    r++;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'r' is a copy of 'counts[2]'; this modification is lost
  };
  bump();
  int r = 0;
  SASSERT(r == 0);
}

void mentionInAnotherFunction(std::vector<int> &counts) {
  auto r = counts[2];
  r++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'r' is a copy of 'counts[2]'; this modification is lost
}
void otherFunction(int r) { SASSERT(r > 0); }
#ifdef SLICEMAP_TEST_VERBOSE
int r = 0;
#endif

void deadInEveryBuild(std::vector<int> &counts) {
  auto n = counts[1];
  n++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'n' is a copy of 'counts[1]'; this modification is lost
#if 0
  use(n);
#endif
  auto m = counts[2];
  m++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'm' is a copy of 'counts[2]'; this modification is lost
#if false
  use(m);
#endif
}

void onlyItsNameIsKept(std::vector<int> &counts) {
  auto n = counts[1];
  n++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'n' is a copy of 'counts[1]'; this modification is lost
  log_name(NAME_OF(n));
}

void keptArgumentBeforeTheModification(std::vector<int> &counts) {
  auto n = counts[1];
  CHECK_THAT(n > 0);
  n++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'n' is a copy of 'counts[1]'; this modification is lost
}

void droppedArgumentNamesAnotherVariable(std::vector<int> &counts, int k) {
  auto n = counts[1];
  n++;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'n' is a copy of 'counts[1]'; this modification is lost
  SASSERT(k > 0);
  LOG_IF(k, counts.size());
}

template <class Container> void reportedInTemplate(Container &c) {
  auto first = c[0];
  assert(first.empty());
  first.push_back(1);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'first' is a copy of 'c[0]'; this modification is lost
}
template void reportedInTemplate(std::vector<std::vector<int>> &);
template void reportedInTemplate(std::map<int, std::vector<int>> &);

// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Correlated conditions: a local bool set to a constant on the branch that
// invalidates, and tested before the use. Along a branch where the flag is
// false, an invalidation made only while it was true did not happen.

#include <string>
#include <vector>

void use(int);
bool flag();

// --- Near misses: silent ---------------------------------------------------------

void insertOnceThenUseIfNotInserted(std::vector<int> &v, int x) {
  bool matched = false;
  int &first = v[0];
  for (int i = 0; i < 3; ++i) {
    if (!matched && flag()) {
      v.insert(v.begin(), x);
      matched = true;
    }
  }
  if (!matched)
    use(first);
}

void flagTestedTrueBranch(std::vector<int> &v) {
  bool grown = false;
  int *p = v.data();
  if (flag()) {
    v.push_back(1);
    grown = true;
  }
  if (grown)
    p = v.data();
  use(*p);
}

void whileNotDone(std::vector<int> &v) {
  auto it = v.begin();
  bool done = false;
  if (flag()) {
    v.push_back(2);
    done = true;
  }
  while (!done) {
    use(*it);
    done = flag();
  }
}

template <class T> void templated(std::vector<T> &v) {
  bool changed = false;
  const T &first = v.front();
  if (flag()) {
    v.emplace_back();
    changed = true;
  }
  if (!changed)
    use(first);
}
template void templated(std::vector<int> &);

#define MARK(flag) flag = true

void throughMacro(std::vector<int> &v) {
  bool moved = false;
  int *p = v.data();
  if (flag()) {
    v.resize(10);
    MARK(moved);
  }
  if (!moved)
    use(*p);
}

void inLambda(std::vector<int> &v) {
  auto body = [&v] {
    bool added = false;
    int &last = v.back();
    if (flag()) {
      v.push_back(0);
      added = true;
    }
    if (!added)
      use(last);
  };
  body();
}

// A bool of unknown value, tested twice: the same at both tests.
void sameUnknownTestTwice(std::vector<int> &v, bool reset) {
  auto it = v.begin();
  const bool again = flag();
  if (again)
    v.clear();
  if (again)
    it = v.begin();
  use(*it);
  int *p = v.data();
  if (reset)
    v.push_back(1);
  if (!reset)
    use(*p);
}

template <class Vec> void sameTestTemplate(Vec &v) {
  bool grow = flag();
  auto *p = v.data();
  if (grow)
    v.push_back(1);
  if (!grow)
    use(*p);
}
template void sameTestTemplate(std::vector<int> &);

// --- Positives: the flag does not guard the use --------------------------------------

void flagSetBeforeAnotherGrowth(std::vector<int> &v) {
  bool matched = false;
  int &first = v[0];
  if (flag()) {
    v.push_back(1);
    matched = true;
  }
  v.push_back(2);
  if (!matched)
    use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'first' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void flagNotSetOnGrowth(std::vector<int> &v) {
  bool matched = false;
  int *p = v.data();
  if (flag())
    v.push_back(1);
  else
    matched = true;
  if (!matched)
    use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

void flagResetAfterGrowth(std::vector<int> &v) {
  bool matched = false;
  int *p = v.data();
  if (flag()) {
    v.push_back(1);
    matched = true;
  }
  matched = flag();
  if (!matched)
    use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

void useOnTrueBranch(std::vector<int> &v) {
  bool grown = false;
  auto it = v.begin();
  if (flag()) {
    v.push_back(1);
    grown = true;
  }
  if (grown)
    use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'it' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

void aliasedFlag(std::vector<int> &v, void (*set)(bool &)) {
  bool matched = false;
  int *p = v.data();
  if (flag()) {
    v.push_back(1);
    matched = true;
  }
  set(matched);
  if (!matched)
    use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

// A tested bool of unknown value that changes between the tests, or a use
// on the branch that grew.
void unknownFlagChanged(std::vector<int> &v, bool reset) {
  int *p = v.data();
  bool again = flag();
  if (again)
    v.push_back(1);
  again = flag();
  if (!again)
    use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
  int *q = v.data();
  if (reset)
    v.push_back(1);
  if (reset)
    use(*q);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'q' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Callees whose effects are keyed by what they return: a function that
// changes a container only on the paths that return a constant true (or
// only false), called as a branch condition. Along the branch where the call
// returned the other value, nothing was changed.

#include <algorithm>
#include <vector>

void use(int);
bool flag();
void log();

// --- Callees -------------------------------------------------------------------

// Changes v only when it returns true.
bool addIfMissing(std::vector<int> &v, int x) {
  if (std::find(v.begin(), v.end(), x) != v.end())
    return false;
  v.push_back(x);
  return true;
}

// Changes v only when it returns false.
bool alreadyPresent(std::vector<int> &v, int x) {
  for (int y : v)
    if (y == x)
      return true;
  v.push_back(x);
  return false;
}

// Changes v whatever it returns.
bool addOrPad(std::vector<int> &v, int x) {
  if (std::find(v.begin(), v.end(), x) != v.end()) {
    v.push_back(0);
    return false;
  }
  v.push_back(x);
  return true;
}

// Returns a value that is not a constant after the change.
bool pushAndCheck(std::vector<int> &v, unsigned n) {
  v.push_back(1);
  return v.size() > n;
}

// Returns a flag set on the changing path: not a constant either.
bool addReportingChange(std::vector<int> &v, int x) {
  bool changed = false;
  if (flag()) {
    v.push_back(x);
    changed = true;
  }
  return changed;
}

// An integer result: 1 when it changed v, 0 when not.
int tryInsert(std::vector<int> &v, int x) {
  if (flag())
    return 0;
  v.push_back(x);
  return 1;
}

// Forwards what addIfMissing returns: keyed the same way.
bool addThroughHelper(std::vector<int> &v, int x) {
  return addIfMissing(v, x);
}

// Tests a keyed call itself: changes v only on the path returning true.
bool addBoth(std::vector<int> &v, int x, int y) {
  if (!addIfMissing(v, x))
    return false;
  use(y);
  return true;
}

// Forwards the negation: changes v only when it returns false.
bool notAdded(std::vector<int> &v, int x) { return !addIfMissing(v, x); }

template <class C, class T> bool insertNew(C &c, const T &x) {
  if (std::find(c.begin(), c.end(), x) != c.end())
    return false;
  c.push_back(x);
  return true;
}

struct Registry {
  std::vector<int> items;
  bool contains(int x) const;
  bool add(int x) {
    if (contains(x))
      return false;
    items.push_back(x);
    return true;
  }

  int firstUnlessAdded(int x) {
    int *p = items.data();
    if (add(x))
      return -1;
    return *p;
  }

  int firstAfterAdding(int x) {
    int *p = items.data();
    if (!add(x))
      return -1;
    return *p;
    // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' may dangle: it points into 'items', which may have moved its elements since [slicemap-dangling-view]
  }
};

// --- Near misses: silent -----------------------------------------------------

int leavesOnTrue(std::vector<int> &v, int x) {
  int *p = v.data();
  if (addIfMissing(v, x))
    return 0;
  return *p;
}

void leavesOnFalseOfNegatedCallee(std::vector<int> &v, int x) {
  int *p = v.data();
  if (!alreadyPresent(v, x))
    return;
  use(*p);
}

void usesOnUnchangedBranch(std::vector<int> &v, int x) {
  int *p = v.data();
  if (addIfMissing(v, x)) {
    p = v.data();
    use(*p);
  } else {
    use(*p);
  }
  use(*p);
}

void comparedToConstants(std::vector<int> &v, int x) {
  int *p = v.data();
  if (addIfMissing(v, x) == false)
    use(*p);
  int *q = v.data();
  if (addIfMissing(v, x) != true)
    use(*q);
  int *r = v.data();
  if (false == addIfMissing(v, x))
    use(*r);
  int *s = v.data();
  if (tryInsert(v, x) == 0)
    use(*s);
}

int inChoice(std::vector<int> &v, int x) {
  int *p = v.data();
  return addIfMissing(v, x) ? 0 : *p;
}

int afterOr(std::vector<int> &v, int x) {
  int *p = v.data();
  if (flag() || addIfMissing(v, x))
    return 0;
  return *p;
}

int integerResult(std::vector<int> &v, int x) {
  int *p = v.data();
  if (tryInsert(v, x))
    return 0;
  if (tryInsert(v, x) != 0)
    return 0;
  return *p;
}

int forwarded(std::vector<int> &v, int x) {
  int *p = v.data();
  if (addThroughHelper(v, x))
    return 0;
  if (addBoth(v, x, 2))
    return 0;
  if (!notAdded(v, x))
    return 0;
  return *p;
}

void memberOfObject(Registry &r) {
  int *p = r.items.data();
  if (r.add(1))
    return;
  use(*p);
}

template <class T> T firstUnlessInserted(std::vector<T> &v, T x) {
  T *p = v.data();
  if (insertNew(v, x))
    return x;
  return *p;
}
template int firstUnlessInserted(std::vector<int> &, int);

#define RETURN_IF_ADDED(v, x)                                                  \
  if (addIfMissing(v, x))                                                      \
  return 0

int throughMacro(std::vector<int> &v, int x) {
  int *p = v.data();
  RETURN_IF_ADDED(v, x);
  return *p;
}

void lambdaCallee(std::vector<int> &v) {
  auto add = [&](int x) {
    if (std::find(v.begin(), v.end(), x) != v.end())
      return false;
    v.push_back(x);
    return true;
  };
  int *p = v.data();
  if (add(1))
    return;
  use(*p);
}

void lambdaCaller(std::vector<int> &v) {
  [&] {
    int *p = v.data();
    if (addIfMissing(v, 1))
      return;
    use(*p);
  }();
}

// A result stored in a local bool that is tested later.

int storedThenLeaves(std::vector<int> &v, int x) {
  int *p = v.data();
  bool added = addIfMissing(v, x);
  if (added)
    return 0;
  return *p;
}

void storedNegatedCallee(std::vector<int> &v, int x) {
  int *p = v.data();
  const bool present = alreadyPresent(v, x);
  if (!present)
    return;
  use(*p);
}

int storedNegation(std::vector<int> &v, int x) {
  int *p = v.data();
  bool missing = !addIfMissing(v, x);
  if (!missing)
    return 0;
  return *p;
}

int assignedLater(std::vector<int> &v, int x) {
  int *p = v.data();
  bool added;
  added = addIfMissing(v, x);
  if (added)
    return 0;
  return *p;
}

template <class T> T storedInTemplate(std::vector<T> &v, T x) {
  T *p = v.data();
  const bool added = insertNew(v, x);
  if (added)
    return x;
  return *p;
}
template int storedInTemplate(std::vector<int> &, int);

// --- Still reported ----------------------------------------------------------

void usesOnChangedBranch(std::vector<int> &v, int x) {
  int *p = v.data();
  if (addIfMissing(v, x))
    use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  // CHECK-MESSAGES: :[[@LINE-3]]:7: note: 'v' may move its elements here
}

int continuesOnTrue(std::vector<int> &v, int x) {
  int *p = v.data();
  if (!addIfMissing(v, x))
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int doesNotLeaveOnTrue(std::vector<int> &v, int x) {
  int *p = v.data();
  if (addIfMissing(v, x))
    log();
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

int changesOnBoth(std::vector<int> &v, int x) {
  int *p = v.data();
  if (addOrPad(v, x))
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int notAConstant(std::vector<int> &v, int x) {
  int *p = v.data();
  if (pushAndCheck(v, 3))
    return 0;
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  int *q = v.data();
  if (addReportingChange(v, x))
    return 0;
  return *q;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'q' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int resultNotTested(std::vector<int> &v, int x) {
  int *p = v.data();
  addIfMissing(v, x);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  int *q = v.data();
  const bool added = addIfMissing(v, x);
  use(added);
  return *q;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'q' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void negatedCalleeWrongBranch(std::vector<int> &v, int x) {
  int *p = v.data();
  if (!alreadyPresent(v, x))
    use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int integerComparedToTwo(std::vector<int> &v, int x) {
  int *p = v.data();
  // `== 2` says nothing of whether it returned 0: every effect applies.
  if (tryInsert(v, x) == 2)
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int thenAnotherCondition(std::vector<int> &v, int x) {
  int *p = v.data();
  if (addIfMissing(v, x) && flag())
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

int forwardedChangedBranch(std::vector<int> &v, int x) {
  int *p = v.data();
  if (notAdded(v, x))
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void loopUntilAdded(std::vector<int> &v) {
  int *p = v.data();
  int x = 0;
  while (!addIfMissing(v, x))
    ++x;
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

template <class T> T firstAfterInsert(std::vector<T> &v, T x) {
  T *p = v.data();
  if (!insertNew(v, x))
    return x;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}
template int firstAfterInsert(std::vector<int> &, int);

#define ADDED(v, x) addIfMissing(v, x)

void macroChangedBranch(std::vector<int> &v, int x) {
  int *p = v.data();
  if (ADDED(v, x))
    use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void lambdaCalleeChangedBranch(std::vector<int> &v) {
  auto add = [&](int x) {
    if (std::find(v.begin(), v.end(), x) != v.end())
      return false;
    v.push_back(x);
    return true;
  };
  int *p = v.data();
  if (!add(1))
    return;
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void lambdaCallerChangedBranch(std::vector<int> &v) {
  [&] {
    int *p = v.data();
    if (!addIfMissing(v, 1))
      return;
    use(*p);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  }();
}

// A result stored in a local bool, used on the branch where it changed v.

int storedChangedBranch(std::vector<int> &v, int x) {
  int *p = v.data();
  bool added = addIfMissing(v, x);
  if (!added)
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int storedNegatedCalleeChangedBranch(std::vector<int> &v, int x) {
  int *p = v.data();
  bool present = alreadyPresent(v, x);
  if (present)
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int storedThenOverwritten(std::vector<int> &v, int x) {
  int *p = v.data();
  bool added = addIfMissing(v, x);
  added = flag();
  if (added)
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int storedFromBothKinds(std::vector<int> &v, int x) {
  int *p = v.data();
  bool result = addIfMissing(v, x);
  if (result)
    return 0;
  result = alreadyPresent(v, x);
  if (result)
    return 1;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int storedChangesOnBoth(std::vector<int> &v, int x) {
  int *p = v.data();
  bool added = addOrPad(v, x);
  if (added)
    return 0;
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

int storedNotLeaving(std::vector<int> &v, int x) {
  int *p = v.data();
  const bool added = addIfMissing(v, x);
  if (added)
    log();
  return *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:11: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

// A lambda run by an algorithm: what the algorithm returns is not what the
// lambda returned, so its keyed change applies on both branches.

void algorithmRunsKeyedLambda(std::vector<int> &v, const std::vector<int> &in) {
  int *p = v.data();
  if (std::all_of(in.begin(), in.end(), [&](int x) {
        if (x < 0)
          return false;
        v.push_back(x);
        return true;
      }))
    return;
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

// RUN: %check_clang_tidy %s slicemap-shared-append %t

// The three shapes, the capacity rules, loops and branches, and the
// near-misses that must stay silent.

#include <slicemap/slice.hpp>
#include <utility>

using slicemap::append;
using slicemap::append_slice;
using slicemap::make_slice;
using slicemap::Slice;

int use(const Slice<int> &);
int use(const Slice<int> &, const Slice<int> &);
bool flag();
void fill(Slice<int> &);

// --- Shape 1: append to a sub-slice while the parent is read later ----------

int direct(Slice<int> s) {
  auto t = append(s.sub(0, 2), 9);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 's.sub(0, 2)' may write into the backing array it shares with 's' and overwrite 's[2]' (it does whenever the capacity allows); 's' is read after it [slicemap-shared-append]
  return use(s, t);
}

int knownCapacity() {
  Slice<int> s = {1, 2, 3, 4};
  auto t = append(s.sub(0, 2), 9);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 's.sub(0, 2)' writes into the backing array it shares with 's' and overwrites 's[2]'; 's' is read after it [slicemap-shared-append]
  return use(s, t);
}

int throughVariable() {
  auto s = make_slice<int>(4, 8);
  auto t = s.sub(1, 3);
  auto u = append(t, 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 't', a sub-slice of 's', writes into the backing array it shares with 's' and overwrites 's[3]'; 's' is read after it
  return use(s, u);
}

int appendSlice(Slice<int> s, Slice<int> more) {
  auto t = append_slice(s.sub(1, 2), more);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 's.sub(1, 2)' may write into the backing array it shares with 's' and overwrite 's[2]'
  return use(s, t);
}

int copyOfParent(Slice<int> s) {
  Slice<int> keep = s;
  s = append(s.sub(0, 1), 7);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: append to 's.sub(0, 1)' may write into the backing array it shares with 's' and overwrite 's[1]' (it does whenever the capacity allows); 'keep', which shares that array, is read after it
  return use(keep, s);
}

int variableBound(Slice<int> s, unsigned i) {
  auto t = append(s.sub(0, i), 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 's.sub(0, i)' may write into the backing array it shares with 's' and overwrite the elements of 's' past the sub-slice
  return use(s, t);
}

int nested(Slice<int> s) {
  auto mid = s.sub(0, 4);
  auto low = mid.sub(0, 2);
  auto grown = append(low, 1);
  // CHECK-MESSAGES: :[[@LINE-1]]:16: warning: append to 'low', a sub-slice of 'mid', writes into the backing array it shares with 'mid' and overwrites 'mid[2]'; 's', which shares that array, is read after it
  return use(s, grown);
}

// --- Shape 3: a sub-slice appended to and assigned to itself ---------------

int selfAssignedWindow() {
  auto s = make_slice<int>(4);
  auto head = s.sub(0, 2);
  head = append(head, 5);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: append to 'head', a sub-slice of 's', writes into the backing array it shares with 's' and overwrites 's[2]'; 's' is read after it
  head = append(head, 6);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: append to 'head', a sub-slice of 's', writes into the backing array it shares with 's' and overwrites 's[3]'; 's' is read after it
  head = append(head, 7); // no room left: reallocates
  return use(s, head);
}

int windowInLoop(Slice<int> s, Slice<int> values) {
  auto head = s.sub(0, 2);
  for (int v : values)
    head = append(head, v);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 'head', a sub-slice of 's', may write into the backing array it shares with 's' and overwrite the elements of 's' from index 2 on (it does whenever the capacity allows); 's' is read after it
  return use(s, head);
}

// --- Shape 2: two appends to the same unchanged slice -----------------------

int twice(Slice<int> base) {
  auto x = append(base, 1);
  auto y = append(base, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: second append to the same 'base' may overwrite the element the earlier append wrote for 'x' (whenever 'base' has spare capacity, both write the same slot of its backing array); 'x' is read after it [slicemap-shared-append]
  return use(x, y);
}

int twiceKnown() {
  Slice<int> base = {1, 2, 3};
  base = append(base, 4); // len 4, cap 6
  auto x = append(base, 5);
  auto y = append(base, 6);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: second append to the same 'base' overwrites the element the earlier append wrote for 'x': both write the same slot of the shared backing array, and 'x' is read after it
  return use(x, y);
}

int secondAssignedBack(Slice<int> base) {
  Slice<int> saved = append(base, 1);
  base = append(base, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: second append to the same 'base' may overwrite the element the earlier append wrote for 'saved'
  return use(saved, base);
}

int secondPassedOn(Slice<int> base) {
  auto x = append(base, 1);
  int n = use(append(base, 2));
  // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: second append to the same 'base' may overwrite the element the earlier append wrote for 'x'
  return n + use(x);
}

int copyOfResult(Slice<int> base) {
  Slice<int> kept;
  {
    auto x = append(base, 1);
    kept = x;
  }
  auto y = append(base, 2);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: second append to the same 'base' may overwrite the element the earlier append wrote for 'kept'
  return use(kept, y);
}

// --- Branches and loops ------------------------------------------------------

int readOnOnePath(Slice<int> s) {
  auto t = append(s.sub(0, 1), 0);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 's.sub(0, 1)' may write
  if (flag())
    return use(s);
  return use(t);
}

int readInNextIteration(Slice<int> s) {
  int total = 0;
  for (int i = 0; i < 3; ++i) {
    total += use(s);
    auto t = append(s.sub(0, 1), i);
    // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: append to 's.sub(0, 1)' may write
    total += use(t);
  }
  return total;
}

int windowOnOnePath(Slice<int> s, Slice<int> other) {
  Slice<int> t = other;
  if (flag())
    t = s.sub(0, 2);
  auto u = append(t, 1); // t is a window of s on one path only: silent
  return use(s, u);
}

int appendsInBranches(Slice<int> base) {
  Slice<int> x, y;
  if (flag())
    x = append(base, 1);
  else
    y = append(base, 2);
  return use(x, y);
}

// --- Silent: full slice expressions -----------------------------------------

int fullSlice(Slice<int> s) {
  auto t = append(s.sub(0, 2, 2), 9);
  return use(s, t);
}

int fullSliceVariable(Slice<int> s, unsigned n) {
  auto head = s.sub(0, n, n);
  head = append(head, 1);
  return use(s, head);
}

int twiceFromFull(Slice<int> base) {
  auto full = base.sub(0, base.len(), base.len());
  auto x = append(full, 1);
  auto y = append(full, 2);
  return use(x, y);
}

// --- Silent: known capacity, the append must reallocate ---------------------

int reallocates() {
  auto s = make_slice<int>(4);
  auto t = append(s.sub(0, 2), 7, 8, 9); // 2 + 3 > 4
  return use(s, t);
}

int reallocatesSlice() {
  Slice<int> s = {1, 2, 3, 4};
  Slice<int> more = {5, 6, 7};
  auto t = append_slice(s.sub(1, 3), more); // 3 + 3 > 4
  return use(s, t);
}

int twiceFromLiteral() {
  Slice<int> base = {1, 2, 3}; // len == cap
  auto x = append(base, 4);
  auto y = append(base, 5);
  return use(x, y);
}

int twiceFromMakeSlice(unsigned n) {
  auto base = make_slice<int>(n); // len == cap, whatever n is
  auto x = append(base, 4);
  auto y = append(base, 5);
  return use(x, y);
}

int twiceFromNil() {
  Slice<int> base;
  auto x = append(base, 1);
  auto y = append(base, 2);
  return use(x, y);
}

int twiceAfterGrowth() {
  Slice<int> base = {1, 2};
  base = append(base, 3, 4, 5); // 5 > 2 * 2: len 5, cap 5
  auto x = append(base, 6);
  auto y = append(base, 7);
  return use(x, y);
}

// --- Silent: the parent is never read again ---------------------------------

int parentDead(Slice<int> s) {
  auto t = append(s.sub(0, 2), 9);
  return use(t);
}

int deleteIdiom(Slice<int> s, unsigned i) {
  // Go's s = append(s[:i], s[i+1:]...): s is replaced.
  s = append_slice(s.sub(0, i), s.sub(i + 1, s.len()));
  return use(s);
}

int parentReassigned(Slice<int> s) {
  auto t = append(s.sub(0, 2), 9);
  s = t;
  return use(s);
}

// --- Silent: the window does not end inside the parent ----------------------

int windowToLength(Slice<int> s) {
  auto t = append(s.sub(1, s.len()), 9);
  return use(s, t);
}

int windowPastLength() {
  auto s = make_slice<int>(2, 10);
  auto t = append(s.sub(0, 2), 9); // s[2] is past s's length
  return use(s, t);
}

int filterInPlace(Slice<int> s) {
  // Go's out := s[:0]: the array is reused on purpose.
  auto out = s.sub(0, 0);
  for (int v : s)
    if (v > 0)
      out = append(out, v);
  return use(s, out);
}

// --- Silent: self-assignment and results not both live ----------------------

int selfAssignment(Slice<int> s) {
  s = append(s, 1);
  s = append(s, 2);
  return use(s);
}

int firstDeadBeforeSecond(Slice<int> base) {
  auto x = append(base, 1);
  int n = use(x);
  auto y = append(base, 2);
  return n + use(y);
}

int secondUnused(Slice<int> base) {
  auto x = append(base, 1);
  [[maybe_unused]] auto y = append(base, 2);
  return use(x);
}

int baseChangedBetween(Slice<int> base) {
  auto x = append(base, 1);
  base = x;
  auto y = append(base, 2);
  return use(x, y);
}

int loopOfAppends(Slice<int> base) {
  int total = 0;
  for (int i = 0; i < 3; ++i) {
    auto x = append(base, i); // one result per iteration
    total += use(x);
  }
  return total;
}

int copyAppended(Slice<int> s) {
  Slice<int> c = s;
  c = append(c, 1); // writes past s's length
  return use(s, c);
}

// --- Silent: what the analysis cannot follow --------------------------------

int passedByReference(Slice<int> s) {
  auto t = s.sub(0, 2);
  fill(t); // may come back as anything
  auto u = append(t, 1);
  return use(s, u);
}

int addressTaken(Slice<int> s) {
  auto t = s.sub(0, 2);
  Slice<int> *p = &t;
  auto u = append(*p, 1);
  return use(s, u);
}

int moved(Slice<int> s) {
  auto t = append(s.sub(0, 2), 9);
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: append to 's.sub(0, 2)' may write
  Slice<int> taken = std::move(s);
  return use(taken, t);
}

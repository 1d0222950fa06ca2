// RUN: %check_clang_tidy -fix-notes %s slicemap-shared-append %t

// The notes: the full slice expression (a fix-it inserting the capacity
// bound, applied with --fix-notes) where the bound can be spelled twice;
// the earlier append and the advice for repeated appends.

#include <slicemap/slice.hpp>

using slicemap::append;
using slicemap::make_slice;
using slicemap::Slice;

int use(const Slice<int> &, const Slice<int> &);
unsigned next();

int direct(Slice<int> s) {
  auto t = append(s.sub(0, 2), 9);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: append to 's.sub(0, 2)' may write into the backing array it shares with 's' and overwrite 's[2]' (it does whenever the capacity allows); 's' is read after it [slicemap-shared-append]
  // CHECK-NOTES: :[[@LINE-2]]:21: note: cap the sub-slice's capacity with a full slice expression so that append copies: 's.sub(0, 2, 2)'
  // CHECK-FIXES: auto t = append(s.sub(0, 2, 2), 9);
  return use(s, t);
}

int atTheDeclaration() {
  auto s = make_slice<int>(4, 8);
  auto head = s.sub(1, 3);
  // CHECK-FIXES: auto head = s.sub(1, 3, 3);
  head = append(head, 5);
  // CHECK-NOTES: :[[@LINE-1]]:10: warning: append to 'head', a sub-slice of 's', writes into the backing array it shares with 's' and overwrites 's[3]'; 's' is read after it [slicemap-shared-append]
  // CHECK-NOTES: :[[@LINE-4]]:17: note: cap the sub-slice's capacity with a full slice expression so that append copies: 's.sub(1, 3, 3)'
  return use(s, head);
}

int namedBound(Slice<int> s, unsigned n) {
  auto t = append(s.sub(0, n), 9);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: append to 's.sub(0, n)' may write
  // CHECK-NOTES: :[[@LINE-2]]:21: note: cap the sub-slice's capacity with a full slice expression so that append copies: 's.sub(0, n, n)'
  // CHECK-FIXES: auto t = append(s.sub(0, n, n), 9);
  return use(s, t);
}

int boundWithSideEffects(Slice<int> s) {
  // next() cannot be spelled twice: a note without a fix-it.
  auto t = append(s.sub(0, next()), 9);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: append to 's.sub(0, next())' may write
  // CHECK-NOTES: :[[@LINE-2]]:21: note: cap the sub-slice's capacity with a full slice expression 'sub(lo, hi, hi)' so that append copies
  // CHECK-FIXES: auto t = append(s.sub(0, next()), 9);
  return use(s, t);
}

#define PREFIX(s) (s).sub(0, 2)

int inMacro(Slice<int> s) {
  // The sub-slice is spelled in a macro body: no fix-it.
  auto t = append(PREFIX(s), 9);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: append to 'PREFIX(s)' may write
  // CHECK-NOTES: :[[@LINE-2]]:19: note: cap the sub-slice's capacity with a full slice expression 'sub(lo, hi, hi)' so that append copies
  // CHECK-NOTES: :[[@LINE-7]]:23: note: expanded from macro 'PREFIX'
  // CHECK-FIXES: auto t = append(PREFIX(s), 9);
  return use(s, t);
}

int twice(Slice<int> base) {
  auto x = append(base, 1);
  auto y = append(base, 2);
  // CHECK-NOTES: :[[@LINE-1]]:12: warning: second append to the same 'base' may overwrite the element the earlier append wrote for 'x' (whenever 'base' has spare capacity, both write the same slot of its backing array); 'x' is read after it [slicemap-shared-append]
  // CHECK-NOTES: :[[@LINE-3]]:12: note: 'x' holds the result of this earlier append to 'base'
  // CHECK-NOTES: :[[@LINE-3]]:12: note: assign the result back ('base = append(base, ...)') or append to a full slice expression ('base.sub(0, base.len(), base.len())') so that each append copies
  return use(x, y);
}

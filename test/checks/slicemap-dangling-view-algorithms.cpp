// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Lambdas given to std algorithms (and to std::invoke, std::ranges
// function objects) run before the call returns, maybe not at all: what
// they do to the containers they capture by reference happens at the call
// "on some path", and the views they hold or capture are read there.
// Functions that keep a callable for later (std::bind, std::async) run
// nothing at the call. An algorithm whose lambda grows the range it
// iterates is reported at its call.

#include <algorithm>
#include <deque>
#include <functional>
#include <future>
#include <list>
#include <numeric>
#include <ranges>
#include <vector>

void use(int);

void lambdaGrowsCapturedContainer(std::vector<int> &v, std::vector<int> &w) {
  auto it = v.begin();
  std::for_each(w.begin(), w.end(), [&](int x) { v.push_back(x); });
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

void closureVariableToRangesAlgorithm(std::vector<int> &v,
                                      std::vector<int> &w) {
  int *p = v.data();
  auto grow = [&v](int x) { v.push_back(x); };
  std::ranges::for_each(w, grow);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

void closureHoldingViewRunByAlgorithm(std::vector<int> &v,
                                      std::vector<int> &w) {
  int *p = v.data();
  auto show = [p](int) { use(*p); };
  v.push_back(1);
  std::for_each(w.begin(), w.end(), show);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'show' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void lambdaReadsViewByReference(std::vector<int> &v, std::vector<int> &w) {
  auto first = v.begin();
  v.clear();
  std::count_if(w.begin(), w.end(), [&](int x) { return x == *first; });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'first' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void genericLambdaAndInvoke(std::vector<int> &v, std::vector<int> &w) {
  int *p = v.data();
  std::for_each(w.begin(), w.end(), [&](auto x) { v.push_back(x); });
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
  int *q = v.data();
  std::invoke([&] { v.resize(100); });
  use(*q);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'q' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

template <class Vec> void inTemplate(Vec &v, Vec &w) {
  auto it = v.begin();
  std::transform(w.begin(), w.end(), w.begin(), [&](int x) {
    v.push_back(x);
    return x;
  });
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}
template void inTemplate(std::vector<int> &, std::vector<int> &);

#define EACH(range, f) std::for_each((range).begin(), (range).end(), f)

void throughMacro(std::vector<int> &v, std::vector<int> &w) {
  int *p = v.data();
  EACH(w, [&](int x) { v.push_back(x); });
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

// The algorithm iterates the very container its lambda grows.
void rangeGrownWhileIterated(std::vector<int> &v, std::deque<int> &d) {
  std::for_each(v.begin(), v.end(), [&](int x) {
    if (x > 0)
      v.push_back(x);
  });
  // CHECK-MESSAGES: :[[@LINE-4]]:3: warning: 'v' is modified while 'std::for_each' iterates over it; this may invalidate the algorithm's iterators [slicemap-dangling-view]
  // CHECK-MESSAGES: :[[@LINE-5]]:37: note: this function, run for the elements, may change 'v'; collect the changes and apply them after the call
  std::ranges::for_each(d, [&](int x) { d.push_front(x); });
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'd' is modified while 'std::ranges::for_each' iterates over it; this may invalidate the algorithm's iterators [slicemap-dangling-view]
  auto grow = [&v](int x) { v.resize(static_cast<unsigned>(x)); };
  std::for_each(v.cbegin(), v.cend(), grow);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'v' is modified while 'std::for_each' iterates over it; this may invalidate the algorithm's iterators [slicemap-dangling-view]
}

// --- Near misses: silent --------------------------------------------------

void rangeNotGrown(std::vector<int> &v, std::vector<int> &w,
                   std::list<int> &l) {
  // Element writes, another container, a list (insertions keep iterators).
  std::for_each(v.begin(), v.end(), [&](int &x) {
    x = 2;
    w.push_back(x);
  });
  std::for_each(l.begin(), l.end(), [&](int x) { l.push_back(x); });
  std::sort(v.begin(), v.end(), [](int a, int b) { return a > b; });
}


void lambdasThatChangeNothingViewed(std::vector<int> &v, std::vector<int> &w,
                                    std::vector<int> &other) {
  int *p = v.data();
  std::sort(w.begin(), w.end(), [](int a, int b) { return a < b; });
  std::for_each(w.begin(), w.end(), [&](int x) { other.push_back(x); });
  std::for_each(w.begin(), w.end(), [v](int x) mutable { v.push_back(x); });
  use(std::accumulate(w.begin(), w.end(), 0,
                      [&](int s, int x) { return s + x + v[0]; }));
  use(*p);
}

void callablesKeptForLater(std::vector<int> &v) {
  int *p = v.data();
  auto later = std::bind([&v](int x) { v.push_back(x); }, 1);
  auto pending = std::async(std::launch::deferred, [&v] { v.push_back(2); });
  use(*p);
  later();
  pending.wait();
}

void viewsMadeAfterwards(std::vector<int> &v, std::vector<int> &w) {
  std::for_each(w.begin(), w.end(), [&](int x) { v.push_back(x); });
  int *p = v.data();
  use(*p);
}

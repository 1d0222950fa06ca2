// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Coroutine bodies are analysed like any function body: a view held across
// a suspension (`co_await`, `co_yield`) lives in the coroutine frame, and a
// change to its container in between is as dangerous as without one. The
// promise, the parameter copies and the initial and final suspends the
// compiler wraps around the body are not the user's code.

#include <coroutine>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

void use(int);
void use(std::string_view);
bool flag();

// A minimal generator and task: enough for the compiler to accept the
// coroutines; nothing runs them.
struct Generator {
  struct promise_type {
    int Current = 0;
    Generator get_return_object() { return {}; }
    std::suspend_always initial_suspend() noexcept { return {}; }
    std::suspend_always final_suspend() noexcept { return {}; }
    std::suspend_always yield_value(int Value) {
      Current = Value;
      return {};
    }
    void return_void() {}
    void unhandled_exception() {}
  };
};

struct Task {
  struct promise_type {
    Task get_return_object() { return {}; }
    std::suspend_never initial_suspend() noexcept { return {}; }
    std::suspend_never final_suspend() noexcept { return {}; }
    void return_value(int) {}
    void unhandled_exception() {}
  };
};

struct Tick {
  bool await_ready() { return false; }
  void await_suspend(std::coroutine_handle<>) {}
  int await_resume() { return 1; }
};

// --- Positives -----------------------------------------------------------------

Generator acrossYield(std::vector<int> &v) {
  int *p = v.data();
  co_yield *p;
  v.push_back(1);
  co_yield *p;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

Task acrossAwait(std::vector<int> &v) {
  int &first = v.front();
  co_await Tick{};
  v.push_back(co_await Tick{});
  co_await Tick{};
  co_return first;
  // CHECK-MESSAGES: :[[@LINE-1]]:13: warning: 'first' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

Generator iteratorAcrossYield(std::vector<int> v) {
  for (auto it = v.begin(); it != v.end(); ++it) {
    co_yield *it;
    if (*it == 0)
      v.insert(v.begin(), 0);
  }
  // CHECK-MESSAGES: :[[@LINE-5]]:46: warning: 'it' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

Generator rangeForOverGrowing(std::vector<int> &v) {
  for (int x : v) {
    co_yield x;
    v.push_back(x);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' is modified while a range-for iterates over it; this may invalidate the loop's iterator [slicemap-dangling-view]
  }
}

Task stringViewAcrossAwait(std::string &s) {
  std::string_view view = s;
  co_await Tick{};
  s += "more text than fits in the small buffer";
  use(view);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'view' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
  co_return 0;
}

// A coroutine template: each instantiation is analysed, reported once.
template <class T> Generator templated(std::vector<T> &v) {
  const T &first = v[0];
  co_yield 1;
  v.emplace_back();
  co_yield first;
  // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'first' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}
template Generator templated(std::vector<int> &);
template Generator templated(std::vector<short> &);

#define SUSPEND_AND_GROW(v)                                                    \
  co_await Tick{};                                                             \
  (v).push_back(0)

Task throughMacro(std::vector<int> &v) {
  auto it = v.begin();
  SUSPEND_AND_GROW(v);
  co_return *it;
  // CHECK-MESSAGES: :[[@LINE-1]]:14: warning: 'it' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void lambdaCoroutine(std::vector<int> &v) {
  auto body = [&v]() -> Generator {
    int *p = &v[0];
    co_yield 0;
    v.resize(100);
    co_yield *p;
    // CHECK-MESSAGES: :[[@LINE-1]]:15: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  };
  body();
}

// --- Near misses: silent ---------------------------------------------------------

Generator remadeAfterGrowth(std::vector<int> &v) {
  int *p = v.data();
  co_yield *p;
  v.push_back(1);
  p = v.data();
  co_yield *p;
}

Generator madeAfterGrowth(std::vector<int> &v) {
  v.push_back(1);
  co_yield 0;
  int &last = v.back();
  co_yield last;
}

Task usedOnlyBeforeGrowth(std::vector<int> &v) {
  int &first = v.front();
  co_await Tick{};
  use(first);
  v.push_back(2);
  co_return 0;
}

Generator indexAcrossYield(std::vector<int> &v) {
  for (unsigned i = 0; i < v.size(); ++i) {
    co_yield v[i];
    if (flag())
      v.push_back(v[i]);
  }
}

Task dequeReferenceAcrossAwait(std::deque<int> &d) {
  int &first = d.front();
  co_await Tick{};
  d.push_back(1);
  co_return first;
}

Generator otherContainer(std::vector<int> &v, std::vector<int> &w) {
  int &first = v.front();
  co_yield 0;
  w.push_back(1);
  co_yield first;
}

Generator copyOfElement(std::vector<int> &v) {
  int first = v.front();
  co_yield 0;
  v.push_back(1);
  co_yield first;
}

// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Views that escape a plain local: into a lambda (captured by copy, read
// when it is called; captured by reference, read when it runs), a lambda or
// std::function that grows a container it captures by reference, and an
// object built from views (an aggregate with a pointer, span or iterator
// member, a constructor that stores its argument in one).

#include <deque>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

void use(int);
void use(std::string_view);
bool flag();
void later(std::function<void()>);

// --- A lambda holding a view --------------------------------------------------

void copyCaptured(std::vector<int> &v) {
  int *p = v.data();
  auto show = [p] { use(*p); };
  v.push_back(1);
  show();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'show' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void initCaptured(std::vector<int> &v) {
  auto show = [first = v.begin()] { use(*first); };
  if (flag())
    v.insert(v.begin(), 0);
  show();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'show' may dangle: it points into 'v', which may have moved its elements since (on some path) [slicemap-dangling-view]
}

void initCapturedByReference(std::vector<int> &v, std::deque<int> &d) {
  // `&r = v[0]` binds a reference to the element where the lambda is made.
  std::function<void()> show = [&r = v[0]] { use(r); };
  v.push_back(2);
  show();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'show' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  auto last = [&it = d.back()] { use(it); };
  d.push_back(1); // references into a deque survive push_back
  last();
  auto fresh = [&r = v[0]] { use(r); };
  fresh();
  auto value = [x = v[0]] { use(x); }; // a copy of the element
  v.push_back(3);
  value();
}

void referenceCaptured(std::vector<int> &v) {
  auto it = v.begin();
  auto show = [&it] { use(*it); };
  v.push_back(1);
  show();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'it' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void implicitlyCaptured(std::string &s) {
  std::string_view view = s;
  auto show = [&] { use(view); };
  s += "a longer text than any small string buffer holds";
  show();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'view' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
}

void functionHoldingView(std::vector<int> &v) {
  const int &first = v.front();
  std::function<void()> show = [&first] { use(first); };
  std::function<void()> copy = [p = &v[0]] { use(*p); };
  v.resize(100);
  show();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'first' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  copy();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'copy' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

// --- A lambda growing a container it captures by reference --------------------

void growingLambda(std::vector<int> &v) {
  auto grow = [&v] { v.push_back(1); };
  int &first = v.front();
  grow();
  use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void growingFunction(std::vector<int> &v) {
  std::function<void(int)> add = [&](int x) { v.push_back(x); };
  int *p = v.data();
  add(2);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void growingGenericLambda(std::vector<int> &v) {
  auto add = [&](auto x) { v.emplace_back(x); };
  auto it = v.begin();
  add(3);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void calledWhereMade(std::vector<int> &v) {
  int *p = v.data();
  [&] { v.push_back(1); }();
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

struct Bag {
  std::vector<int> items;
};

void growingMemberOfCapture(Bag &b) {
  auto grow = [&b] { b.items.push_back(1); };
  int &first = b.items[0];
  grow();
  use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it points into 'b.items', which may have moved its elements since [slicemap-dangling-view]
}

class Registry {
  std::vector<int> entries;

public:
  void refresh() {
    auto grow = [this] { entries.push_back(0); };
    int *p = entries.data();
    grow();
    use(*p);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'p' may dangle: it points into 'entries', which may have moved its elements since [slicemap-dangling-view]
  }
};

// --- An object built from a view --------------------------------------------------

struct Buf {
  const int *data;
  unsigned size;
};

struct Window {
  std::span<int> items;
  int weight;
};

struct Cursor {
  std::deque<int>::iterator at;
};

class Reader {
public:
  explicit Reader(const int *start) : next(start) {}
  int read() const { return *next; }

private:
  const int *next;
};

void aggregate(std::vector<int> &v) {
  Buf b{v.data(), 3};
  v.push_back(1);
  use(b.data[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'b' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void parenthesisedAggregate(std::vector<int> &v) {
  Window w(v, 1);
  v.insert(v.end(), 4);
  use(w.items[0]);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'w' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void iteratorMember(std::deque<int> &d) {
  Cursor c{d.begin()};
  d.push_back(1);
  use(*c.at);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'c' is an iterator into 'd', whose iterators were invalidated since [slicemap-dangling-view]
}

void constructorStoring(std::vector<int> &v) {
  Reader r(v.data());
  v.reserve(1000);
  use(r.read());
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'r' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

// A member function called on the object reads its view when its body
// reads the viewing member, const or not.
struct Printer {
  int *at;
  int printed = 0;
  void print() {
    use(*at);
    ++printed;
  }
  void count() { ++printed; }
  int total() const { return printed; }
  void moveTo(int *p) { at = p; }
};

void memberFunctionReadsView(std::vector<int> &v) {
  Printer p{v.data()};
  v.push_back(1);
  p.print();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

// --- Templates and macros ------------------------------------------------------------

template <class T> void templated(std::vector<T> &v) {
  T *p = v.data();
  auto show = [p] { return *p; };
  v.emplace_back();
  show();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'show' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}
template void templated(std::vector<int> &);
template void templated(std::vector<long> &);

#define SHOW_LATER(view) [view] { use(*view); }

void throughMacro(std::vector<int> &v) {
  auto it = v.begin();
  auto show = SHOW_LATER(it);
  v.clear();
  show();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'show' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

// --- Near misses: silent ----------------------------------------------------------------

void calledBeforeGrowth(std::vector<int> &v) {
  int *p = v.data();
  auto show = [p] { use(*p); };
  show();
  v.push_back(1);
}

void lambdaReadsContainer(std::vector<int> &v) {
  auto show = [&v] { use(v[0]); };
  v.push_back(1);
  show();
}

void containerOnlyRead(std::vector<int> &v) {
  int *p = v.data();
  auto show = [p] { use(*p); };
  use(static_cast<int>(v.size()));
  show();
}

void lambdaRemakesView(std::vector<int> &v) {
  int *p = v.data();
  auto refresh = [&] { p = v.data(); };
  v.push_back(1);
  refresh();
  use(*p);
}

void elementCopiedIntoLambda(std::vector<int> &v) {
  int &first = v[0];
  auto show = [first] { use(first); };
  v.push_back(1);
  show();
}

void containerCopiedIntoLambda(std::vector<int> &v) {
  auto grow = [v]() mutable { v.push_back(1); };
  int *p = v.data();
  grow();
  use(*p);
}

void lambdaGrowsAnother(std::vector<int> &v, std::vector<int> &w) {
  auto grow = [&w] { w.push_back(1); };
  int *p = v.data();
  grow();
  use(*p);
}

void viewRemadeAfterCall(std::vector<int> &v) {
  auto grow = [&v] { v.push_back(1); };
  int *p = v.data();
  grow();
  p = v.data();
  use(*p);
}

void functionReassigned(std::vector<int> &v) {
  std::function<void()> step = [&v] { v.push_back(1); };
  if (flag())
    step = [] {};
  int *p = v.data();
  step();
  use(*p);
}

void lambdaNotCalledHere(std::vector<int> &v) {
  int *p = v.data();
  later([&] { v.push_back(1); });
  use(*p);
}

void freshViewInLambda(std::vector<int> &v) {
  auto show = [&v] { use(*v.data()); };
  v.push_back(1);
  show();
}

void otherMemberOfObject(std::vector<int> &v) {
  Buf b{v.data(), 3};
  v.push_back(1);
  use(static_cast<int>(b.size));
}

void objectRepointed(std::vector<int> &v) {
  Buf b{v.data(), 3};
  v.push_back(1);
  b.data = v.data();
  use(b.data[0]);
}

struct Copied {
  std::vector<int> items;
  Copied(const int *start, unsigned n) : items(start, start + n) {}
};

struct Opaque {
  explicit Opaque(const int *start);
  int read() const;
};

void objectCopiesOrIsUnknown(std::vector<int> &v) {
  Copied c(v.data(), 2);
  Opaque o(v.data());
  v.push_back(1);
  use(c.items[0]);
  use(o.read());
}

void memberFunctionsNotReadingView(std::vector<int> &v, int *elsewhere) {
  // Neither count() nor total() reads `at`; moveTo() re-points it.
  Printer p{v.data()};
  v.push_back(1);
  p.count();
  use(p.total());
  p.moveTo(elsewhere);
  p.print();
}

void objectOfValues(std::vector<int> &v) {
  Window w{{}, v[0]};
  v.push_back(1);
  use(w.weight);
}

// RUN: %check_clang_tidy %s slicemap-dangling-view %t -- -- -std=c++20

// Views stored in a member of *this, a global, a static member or a static
// local: assigned a view in the function, the container changed (in the
// function, or by a member function it calls), the stored view used after.
// What the view held on entry is unknown: only the function's own
// assignments are followed; a call that may re-point the view (a member
// function that assigns it, a function whose body is out of sight) ends it.

#include <algorithm>
#include <deque>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct Tok {
  int x;
};
void use(int);
void use(const Tok &);
void use(std::string_view);
void use(std::span<int>);
void opaque();
bool flag();
int puts(const char *);

// --- Members of *this --------------------------------------------------------

struct Parser {
  std::vector<Tok> toks;
  std::vector<Tok> other;
  const Tok *cur = nullptr;
  std::vector<Tok>::iterator pos;
  std::string text;
  std::string_view word;
  std::span<Tok> window;

  void grow() { toks.push_back({}); }
  void growTwice() { grow(); }
  void reseat() { cur = nullptr; }
  void reseatAndGrow() {
    toks.push_back({});
    cur = &toks.back();
  }
  void peek() const { use(toks.size()); }
  void reseatThroughAlias() {
    const Tok *&alias = cur;
    alias = nullptr;
  }
  virtual void hook();

  void viaCalledMethod() {
    cur = &toks[0];
    grow();
    use(*cur);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'cur' may dangle: it points into 'toks', which may have moved its elements since [slicemap-dangling-view]
  }

  void sameFunction() {
    cur = &toks.back();
    toks.emplace_back();
    use(cur->x);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'cur' may dangle: it points into 'toks', which may have moved its elements since [slicemap-dangling-view]
  }

  void explicitThis() {
    this->cur = this->toks.data();
    this->toks.resize(100);
    use(*this->cur);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'cur' may dangle: it points into 'toks', which may have moved its elements since [slicemap-dangling-view]
  }

  void storedIterator() {
    pos = toks.begin();
    toks.insert(toks.begin(), Tok{});
    use(*pos);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'pos' may dangle: it points into 'toks', which may have moved its elements since [slicemap-dangling-view]
  }

  void storedStringView() {
    word = text;
    text += "a longer text than any small string buffer holds";
    use(word);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'word' may dangle: it points into 'text', which may have moved its elements since [slicemap-dangling-view]
  }

  void storedSpan() {
    window = toks;
    growTwice();
    use(window[0]);
    // CHECK-MESSAGES: :[[@LINE-1]]:9: warning: 'window' may dangle: it points into 'toks', which may have moved its elements since [slicemap-dangling-view]
  }

  void onSomePath(bool more) {
    cur = &toks[0];
    if (more)
      toks.push_back({});
    use(*cur);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'cur' may dangle: it points into 'toks', which may have moved its elements since (on some path) [slicemap-dangling-view]
  }

  void intoParameter(std::vector<Tok> &v) {
    cur = &v.front();
    v.push_back({});
    use(*cur);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'cur' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
  }

  void copiedToLocal() {
    cur = &toks[0];
    const Tok *copy = cur;
    toks.push_back({});
    use(*copy);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'copy' may dangle: it points into 'toks', which may have moved its elements since [slicemap-dangling-view]
  }

  void inLoop() {
    for (int i = 0; i < 3; ++i) {
      use(*cur);
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'cur' may dangle: it points into 'toks', which may have moved its elements since [slicemap-dangling-view]
      cur = &toks[0];
      toks.push_back({});
    }
  }

  // --- Near misses: silent ---------------------------------------------------

  void reassignedAfterGrowth() {
    cur = &toks[0];
    toks.push_back({});
    cur = &toks[0];
    use(*cur);
  }

  void differentContainer() {
    cur = &toks[0];
    other.push_back({});
    use(*cur);
  }

  void methodReseats() {
    cur = &toks[0];
    toks.push_back({});
    reseat();
    use(cur ? cur->x : 0);
  }

  void methodGrowsThenReseats() {
    cur = &toks[0];
    reseatAndGrow();
    use(*cur);
  }

  void notUsedAfterGrowth() {
    cur = &toks[0];
    use(*cur);
    toks.push_back({});
  }

  void constMethod() {
    cur = &toks[0];
    peek();
    use(*cur);
  }

  void unknownCall() {
    cur = &toks[0];
    toks.push_back({});
    opaque(); // may re-point cur: out of sight
    use(*cur);
  }

  void virtualCall() {
    cur = &toks[0];
    toks.push_back({});
    hook(); // an override may re-point cur
    use(*cur);
  }

  void addressTaken() {
    cur = &toks[0];
    const Tok **alias = &cur;
    toks.push_back({});
    use(**alias);
    use(*cur);
  }

  void reseatedThroughAliasInCallee() {
    cur = &toks[0];
    toks.push_back({});
    reseatThroughAlias();
    use(cur ? cur->x : 0);
  }

  void assignedElsewhere() {
    // What cur holds on entry is not known here.
    toks.push_back({});
    use(*cur);
  }

  void elementCopy() {
    Tok first = toks[0];
    cur = &first;
    toks.push_back({});
    use(*cur);
  }

  void lambdaReseats() {
    cur = &toks[0];
    toks.push_back({});
    auto again = [this] { cur = &toks[0]; };
    again();
    use(*cur);
  }

  void algorithmReseats() {
    cur = &toks[0];
    toks.push_back({});
    std::for_each(toks.begin(), toks.end(), [this](Tok &t) { cur = &t; });
    use(*cur);
  }

  void swappedAway(const Tok *spare) {
    cur = &toks[0];
    std::swap(cur, spare); // cur now holds what spare held
    toks.push_back({});
    use(*cur);
  }

  void wholeObjectSwapped(Parser &that) {
    cur = &toks[0];
    toks.push_back({});
    std::swap(*this, that);
    use(*cur);
  }

  void reassignedFromUnknown(const Tok *(*lookup)()) {
    cur = &toks[0];
    toks.push_back({});
    cur = lookup();
    use(*cur);
  }

  void memberOfAnotherObject(Parser &that) {
    // (Only members of *this are followed.)
    that.cur = &toks[0];
    toks.push_back({});
    use(*that.cur);
  }

  void functionReseats(std::function<void()> f) {
    cur = &toks[0];
    toks.push_back({});
    f();
    use(*cur);
  }
};

// A method of the same class that grows the container, called through a
// lambda capturing this.
struct Lexer {
  std::vector<int> buf;
  int *head = nullptr;
  void refill() { buf.resize(buf.size() * 2 + 1); }
  void step() {
    head = buf.data();
    auto more = [this] { refill(); };
    more();
    use(*head);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'head' may dangle: it points into 'buf', which may have moved its elements since [slicemap-dangling-view]
  }
};

// --- Globals, static members, static locals ----------------------------------

static std::string_view gName;
std::string gBuf;
std::vector<int> gValues;
int *gCursor;

void globalView() {
  gName = gBuf;
  gBuf += "x";
  puts(gName.data());
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'gName' may dangle: it points into 'gBuf', which may have moved its elements since [slicemap-dangling-view]
}

void growGlobal() { gValues.push_back(1); }

void globalGrownByCall() {
  gCursor = &gValues[0];
  growGlobal();
  use(*gCursor);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'gCursor' may dangle: it points into 'gValues', which may have moved its elements since [slicemap-dangling-view]
}

void localViewOfGlobal() {
  int *p = gValues.data();
  gValues.push_back(2);
  use(*p);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'p' may dangle: it points into 'gValues', which may have moved its elements since [slicemap-dangling-view]
}

void staticLocal(std::vector<int> &v) {
  static int *p;
  p = v.data();
  v.push_back(1);
  *p = 2;
  // CHECK-MESSAGES: :[[@LINE-1]]:4: warning: 'p' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

void staticLocalInitialised(std::vector<int> &v) {
  static const int *first = v.data();
  v.push_back(1);
  use(*first);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'first' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
}

struct Registry {
  static std::vector<int> all;
  static const int *last;
  static void add(int x) {
    last = &all.back();
    all.push_back(x);
    use(*last);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'last' may dangle: it points into 'all', which may have moved its elements since [slicemap-dangling-view]
  }
};

void globalNearMisses() {
  gCursor = &gValues[0];
  gValues.push_back(1);
  gCursor = &gValues[0]; // re-made
  use(*gCursor);

  gName = gBuf;
  gValues.push_back(1); // another container
  use(gName);

  gCursor = &gValues[0];
  gValues.push_back(1);
  opaque(); // may re-point gCursor
  use(*gCursor);
}

void globalNotAssignedHere() {
  gValues.push_back(1);
  use(*gCursor);
}

void resetGlobal() { gCursor = nullptr; }

void globalReseatedByCall() {
  gCursor = &gValues[0];
  gValues.push_back(1);
  resetGlobal();
  use(gCursor ? *gCursor : 0);
}

void staticLocalNearMiss(std::vector<int> &v) {
  static int *p;
  p = v.data();
  v.push_back(1);
  p = v.data();
  *p = 2;
}

// --- std::deque: references survive push_back, iterators do not --------------

struct Queue {
  std::deque<int> items;
  int *front = nullptr;
  std::deque<int>::iterator it;
  void referenceSurvives() {
    front = &items.front();
    items.push_back(1);
    use(*front);
  }
  void iteratorDoesNot() {
    it = items.begin();
    items.push_back(1);
    use(*it);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'it' is an iterator into 'items', whose iterators were invalidated since [slicemap-dangling-view]
  }
};

// --- Templates, macros, lambdas -----------------------------------------------

template <class T> struct Holder {
  std::vector<T> items;
  const T *first = nullptr;
  void add(const T &x) { items.push_back(x); }
  void run(const T &x) {
    first = &items[0];
    add(x);
    use(*first);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'first' may dangle: it points into 'items', which may have moved its elements since [slicemap-dangling-view]
  }
  void quiet(const T &x) {
    first = &items[0];
    add(x);
    first = &items[0];
    use(*first);
  }
};
template struct Holder<int>;

#define REMEMBER(member, container) member = &(container)[0]
#define GROW(container) (container).push_back({})

struct Macro {
  std::vector<int> values;
  int *mark = nullptr;
  void f() {
    REMEMBER(mark, values);
    GROW(values);
    use(*mark);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'mark' may dangle: it points into 'values', which may have moved its elements since [slicemap-dangling-view]
  }
};

struct InLambda {
  std::vector<int> values;
  int *mark = nullptr;
  void f() {
    auto body = [this] {
      mark = &values[0];
      values.push_back(1);
      use(*mark);
      // CHECK-MESSAGES: :[[@LINE-1]]:12: warning: 'mark' may dangle: it points into 'values', which may have moved its elements since [slicemap-dangling-view]
    };
    body();
  }
};

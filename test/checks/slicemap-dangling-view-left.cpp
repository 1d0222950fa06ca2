// RUN: %check_clang_tidy %s slicemap-dangling-view %t -- -- -std=c++20

// A stored view (a member of *this, a global, a static member, a static
// local) made from a container the function was given or made - a local, a
// parameter by value, the container a reference or pointer parameter
// names - and left pointing into it after a change that may invalidate it:
// it outlives the call dangling even though nothing reads it here. The
// change is the finding. Near misses: re-made or reset before returning,
// changed before it is made, containers of *this or of static storage (the
// class or program may re-make the view elsewhere), a copy that is not a
// view, a call out of sight after the change (it may re-point the view).
//
// A function of this TU called after the change - a member function on
// *this, directly or through others, or a free function reading a global -
// reads the stored views it reads at the call. Near misses: called on
// another object, virtual, re-making the view first or calling out of sight
// on *this before its read, called before the change.

#include <algorithm>
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

void use(std::string_view);
void use(int);
void opaque();
bool flag();

std::string StableString;

// --- Positives ---------------------------------------------------------------

struct Holder {
  std::string_view name;
  const int *first = nullptr;
  std::span<int> window;
  std::map<int, int>::iterator found;
  std::vector<int> items;
  std::string copy;

  void fromLocalVector() {
    std::vector<std::string> strings(2);
    name = strings[0];
    strings.push_back("1");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'name' outlives this function but is left pointing into 'strings', which may invalidate it here [slicemap-dangling-view]
  }

  void fromValueParameter(std::string s) {
    name = s;
    s.clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'name' outlives this function but is left pointing into 's', which may invalidate it here [slicemap-dangling-view]
  }

  void fromReferenceParameter(std::vector<int> &v) {
    first = v.data();
    v.resize(100);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'first' outlives this function but is left pointing into 'v', which may invalidate it here [slicemap-dangling-view]
  }

  void fromPointerParameter(std::string *dest, int n) {
    name = *dest;
    if (n > 0)
      dest->append("more");
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'name' outlives this function but is left pointing into 'dest', which may invalidate it here (on some path) [slicemap-dangling-view]
  }

  void spanOfLocal() {
    std::vector<int> v(4);
    this->window = v;
    v.push_back(5);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'window' outlives this function but is left pointing into 'v', which may invalidate it here [slicemap-dangling-view]
  }

  void iteratorErased(std::map<int, int> &m) {
    found = m.find(3);
    m.erase(found);
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'found' outlives this function but is left pointing into 'm', which may invalidate it here [slicemap-dangling-view]
  }

  void onSomePath(std::vector<int> &v, bool grow) {
    first = &v[0];
    if (grow)
      v.push_back(1);
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' outlives this function but is left pointing into 'v', which may invalidate it here (on some path) [slicemap-dangling-view]
  }

  void readThenLeft(std::vector<int> &v) {
    first = &v[0];
    v.push_back(1);
    use(*first);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'first' may dangle: it points into 'v', which may have moved its elements since [slicemap-dangling-view]
    // (One report: the read.)
  }
};

std::string_view GlobalView;
const int *GlobalFirst;

struct WithStatic {
  static std::string_view StaticMember;
};

void globalFromLocal() {
  std::vector<std::string> strings(1);
  GlobalView = strings.front();
  strings.emplace_back("x");
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'GlobalView' outlives this function but is left pointing into 'strings', which may invalidate it here [slicemap-dangling-view]
}

void staticMemberFromParameter(std::string s) {
  WithStatic::StaticMember = s;
  s += "tail";
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'StaticMember' outlives this function but is left pointing into 's', which may invalidate it here [slicemap-dangling-view]
}

void staticLocal(std::vector<int> &v) {
  static const int *last;
  last = &v.back();
  v.clear();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'last' outlives this function but is left pointing into 'v', which may invalidate it here [slicemap-dangling-view]
}

template <class T> struct Cache {
  const T *top = nullptr;
  void remember(std::vector<T> &v) {
    top = &v[0];
    v.insert(v.begin(), T{});
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'top' outlives this function but is left pointing into 'v', which may invalidate it here [slicemap-dangling-view]
  }
};
template struct Cache<int>;

#define GROW(c) (c).push_back(0)
void inMacro(std::vector<int> &v) {
  GlobalFirst = v.data();
  GROW(v);
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'GlobalFirst' outlives this function but is left pointing into 'v', which may invalidate it here [slicemap-dangling-view]
}

void inLambda() {
  std::string s = "abc";
  auto keep = [&] {
    GlobalView = s;
    s.append("def");
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'GlobalView' outlives this function but is left pointing into 's', which may invalidate it here [slicemap-dangling-view]
  };
  keep();
}

// --- Near misses -------------------------------------------------------------

struct Quiet {
  std::string_view name;
  const int *first = nullptr;
  std::vector<int> items;
  std::string own;
  std::string copy;

  void remadeAfter(std::vector<int> &v) {
    first = &v[0];
    v.push_back(1);
    first = &v[0];
  }
  void resetAfter(std::string s) {
    name = s;
    s.clear();
    name = {};
  }
  void resetToStable(std::string s) {
    name = s;
    s.clear();
    name = StableString;
  }
  void pointerCleared(std::vector<int> &v) {
    first = v.data();
    v.push_back(1);
    first = nullptr;
  }
  void changedBefore(std::vector<int> &v) {
    v.push_back(1);
    first = &v[0];
  }
  void unchanged(const std::vector<int> &v) { first = &v[0]; }
  void memberContainer() {
    // The class may re-make 'first' before it reads it.
    first = &items[0];
    items.push_back(1);
  }
  void memberString() {
    name = own;
    own += "x";
  }
  void copyNotView(std::string s) {
    copy = s;
    s.clear();
  }
  void outOfSightAfter(std::vector<int> &v) {
    first = &v[0];
    v.push_back(1);
    opaque();
  }
  void doesNotInvalidate(std::vector<int> &v) {
    first = &v[0];
    v[1] = 3;
    use(v.size());
  }
  void listNode(std::vector<int> &v, std::map<int, int> &m) {
    first = &m[1];
    m.emplace(2, 2);
  }
  void globalContainer();
};

std::vector<int> GlobalItems;
void Quiet::globalContainer() {
  first = &GlobalItems[0];
  GlobalItems.push_back(1);
}

void localPointerToMember(Quiet &q) {
  std::vector<int> *p = &q.items;
  GlobalFirst = &(*p)[0];
  p->push_back(1);
}

void localView() {
  std::vector<int> v(2);
  const int *local = &v[0];
  v.push_back(1);
}

// --- Read by a function called -------------------------------------------------

void sink(unsigned long);
void refreshOutOfSight();

struct Reader {
  std::string_view v;
  void bar() { sink(v.size()); }
  void viaBar() { bar(); }
  void refresh();
  void remakesFirst() {
    refresh();
    sink(v.size());
  }
  void assignsFirst() {
    v = "";
    sink(v.size());
  }
  void otherOutOfSight() {
    refreshOutOfSight();
    sink(v.size());
  }
  virtual void hook() { sink(v.size()); }

  void readByMethod() {
    std::vector<std::string> vec = {"42"};
    v = vec[0];
    vec.push_back("1");
    bar();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' may dangle: it points into 'vec', which may have moved its elements since [slicemap-dangling-view]
    v = "";
  }
  void readTwoCallsDeep() {
    std::vector<std::string> vec = {"42"};
    v = vec[0];
    vec.push_back("1");
    this->viaBar();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' may dangle: it points into 'vec', which may have moved its elements since [slicemap-dangling-view]
    v = "";
  }
  void readAfterFreeCallOutOfSight(std::string &s) {
    v = s;
    s.append("x");
    otherOutOfSight();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
    v = "";
  }
  void readOnSomePath(std::string &s, bool grow) {
    v = s;
    if (grow)
      s.append("x");
    bar();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' may dangle: it points into 's', which may have moved its elements since (on some path) [slicemap-dangling-view]
    v = "";
  }

  void calledOnAnother(Reader &other, std::string &s) {
    v = s;
    s.append("x");
    other.bar();
    v = "";
  }
  void remadeByCallee(std::string &s) {
    v = s;
    s.append("x");
    assignsFirst();
  }
  void outOfSightOnThisFirst(std::string &s) {
    v = s;
    s.append("x");
    remakesFirst();
  }
  void virtualCall(std::string &s) {
    v = s;
    s.append("x");
    hook();
    v = "";
  }
  void calledBefore(std::string &s) {
    v = s;
    bar();
    s.append("x");
    v = "";
  }

  // A lambda made here runs with this object: its reads are ours.
  void readByLambda(std::string &s) {
    v = s;
    auto show = [this] { sink(v.size()); };
    s.append("x");
    show();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
    v = "";
  }
  void readByAlgorithmLambda(std::string &s, std::vector<int> &items) {
    v = s;
    s.append("x");
    std::for_each(items.begin(), items.end(), [this](int) { sink(v.size()); });
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'v' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
    v = "";
  }
  void lambdaRemakesFirst(std::string &s) {
    v = s;
    auto show = [this] {
      v = "y";
      sink(v.size());
    };
    s.append("x");
    show();
  }
  void lambdaCalledBefore(std::string &s) {
    v = s;
    auto show = [this] { sink(v.size()); };
    show();
    s.append("x");
    v = "";
  }
};

std::string_view GlobalName;
unsigned long readGlobal() { return GlobalName.size(); }
// Out of sight, any call may re-point a global before the read.
void readGlobalAfterOutOfSight() {
  refreshOutOfSight();
  sink(GlobalName.size());
}

void globalReadByFreeFunction() {
  std::string s = "abc";
  GlobalName = s;
  s += "def";
  readGlobal();
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'GlobalName' may dangle: it points into 's', which may have moved its elements since [slicemap-dangling-view]
  GlobalName = {};
}

void globalRemadeOutOfSight() {
  std::string s = "abc";
  GlobalName = s;
  s += "def";
  readGlobalAfterOutOfSight();
}

// --- Made by a constructor's member initialiser -------------------------------

struct Borrow {
  const char *dest_;
  std::string_view whole_;
  Borrow(std::string *dest, int n) : dest_(dest->data()), whole_(*dest) {
    if (n > 0)
      dest->clear();
    // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'dest_' outlives this function but is left pointing into 'dest', which may invalidate it here (on some path) [slicemap-dangling-view]
  }
  Borrow(std::vector<char> &v) : dest_(v.data()), whole_() {
    v.push_back('x');
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'dest_' outlives this function but is left pointing into 'v', which may invalidate it here [slicemap-dangling-view]
  }
  Borrow(std::string &s, bool) : dest_(s.data()), whole_(s) {
    use(*dest_ + whole_.size());
    s.append("x");
    dest_ = s.data();
    whole_ = s;
  }
};

struct OwnerBorrow {
  std::string *dest_;
  OwnerBorrow(std::string *dest, int n) : dest_(dest) {
    if (n > 0)
      dest->clear(); // the string itself, not its storage
  }
};

// --- Into a local container, destroyed on return ------------------------------

struct Keeper {
  const int *p = nullptr;
  std::string_view name;
  std::span<int> window;
  std::vector<int> items;

  void localVector() {
    std::vector<int> v(3);
    p = v.data();
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'p' outlives this function but is left pointing into the local 'v', which is destroyed when the function returns [slicemap-dangling-view]
  }
  void localStringUsedInPlace() {
    std::string s = "abc";
    name = s;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'name' outlives this function but is left pointing into the local 's', which is destroyed when the function returns [slicemap-dangling-view]
    unsigned long n = s.size();
    for (char c : s)
      n += c;
    std::string copy = s;
    s[0] = 'x';
  }
  void localSpan() {
    std::vector<int> v(3);
    this->window = v;
    // CHECK-MESSAGES: :[[@LINE-1]]:5: warning: 'window' outlives this function but is left pointing into the local 'v', which is destroyed when the function returns [slicemap-dangling-view]
  }

  void reset() {
    std::vector<int> v(3);
    p = v.data();
    use(*p);
    p = nullptr;
  }
  void movedAway() {
    std::vector<int> v(3);
    p = v.data();
    items = std::move(v);
  }
  void swappedAway() {
    std::vector<int> v(3);
    p = v.data();
    items.swap(v);
  }
  void swappedByMember() {
    std::vector<int> v(3);
    p = v.data();
    v.swap(items);
  }
  void stdSwapped() {
    std::vector<int> v(3);
    p = v.data();
    std::swap(v, items);
  }
  void givenByReference(void (*fill)(std::vector<int> &)) {
    std::vector<int> v(3);
    p = v.data();
    fill(v);
  }
  void capturedByReference() {
    std::vector<int> v(3);
    p = v.data();
    auto adopt = [&] { items = std::move(v); };
    adopt();
  }
  void throughAlias() {
    std::vector<int> v(3);
    std::vector<int> &alias = v;
    p = v.data();
    items = std::move(alias);
  }
  std::vector<int> returned() {
    std::vector<int> v(3);
    p = v.data();
    return v;
  }
  void staticLocal() {
    static std::vector<int> v(3);
    p = v.data();
  }
  void byValueParameter(std::vector<int> v) {
    // (The caller's argument dies after the call returns.)
    p = v.data();
  }
  void outOfSightAfter() {
    std::vector<int> v(3);
    p = v.data();
    opaque();
  }
};

std::string_view LastName;
void globalToLocal() {
  std::string s = "x";
  LastName = s;
  // CHECK-MESSAGES: :[[@LINE-1]]:3: warning: 'LastName' outlives this function but is left pointing into the local 's', which is destroyed when the function returns [slicemap-dangling-view]
}

// Views of local views and pointers: destroying them frees nothing.
struct KeeperOfViews {
  std::string_view name;
  const int *p = nullptr;
  std::span<int> window;
  void localStringView(const std::string &in) {
    std::string_view sv = in;
    name = sv;
  }
  void localSpan(std::vector<int> &in) {
    std::span<int> s = in;
    p = s.data();
    window = s;
  }
  void localPointer(std::vector<int> *in) {
    auto *v = in;
    p = v->data();
  }
};

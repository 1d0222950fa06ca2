// RUN: %check_clang_tidy %s slicemap-nil-map-write %t

// Map members of classes that no constructor, default member initializer or
// member function ever makes: every write through a method panics.

#include <slicemap/map.hpp>
#include <string>

using slicemap::make_map;
using slicemap::Map;

class Registry {
public:
  Registry() : name_("r") {}
  explicit Registry(int) {}
  void add(const std::string &key) {
    entries_.set(key, 1);
    // CHECK-NOTES: :[[@LINE-1]]:14: warning: assignment to entry in nil map 'entries_': this write always panics [slicemap-nil-map-write]
    // CHECK-NOTES: :[[@LINE+8]]:25: note: 'entries_' is never made: no constructor and no default member initializer makes it, and no member function assigns it
    // CHECK-NOTES: :[[@LINE-6]]:3: note: this constructor leaves 'entries_' nil
    // CHECK-NOTES: :[[@LINE-6]]:12: note: this constructor leaves 'entries_' nil
  }
  int size() const { return static_cast<int>(entries_.len()); }

private:
  std::string name_;
  Map<std::string, int> entries_;
};

class MadeInConstructor {
public:
  MadeInConstructor() : entries_(make_map<int, int>()) {}
  void add(int k) { entries_[k] = k; }

private:
  Map<int, int> entries_;
};

class MadeInBody {
public:
  MadeInBody() { entries_ = make_map<int, int>(); }
  void add(int k) { entries_.set(k, k); }

private:
  Map<int, int> entries_;
};

class Lazy {
public:
  void add(int k) {
    if (entries_.is_nil())
      entries_ = make_map<int, int>();
    entries_.set(k, k);
  }

private:
  Map<int, int> entries_;
};

class WithInitializer {
public:
  void add(int k) { entries_.set(k, k); }

private:
  Map<int, int> entries_ = make_map<int, int>();
};

class MadeElsewhere {
public:
  void init();
  void add(int k) { entries_.set(k, k); }

private:
  Map<int, int> entries_;
};

struct PublicMember {
  void add(int k) { entries.set(k, k); }
  Map<int, int> entries;
};

class Befriended {
  friend void setUp(Befriended &);

public:
  void add(int k) { entries_.set(k, k); }

private:
  Map<int, int> entries_;
};

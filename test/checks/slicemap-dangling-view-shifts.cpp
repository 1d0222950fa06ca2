// RUN: %check_clang_tidy %s slicemap-dangling-view %t

// Removals with a position on lists and forward_lists, and what insertions
// and removals do to the positions the check knows: forward_list's
// erase_after (relative to the position given: `std::next(pos)` is erased
// whatever pos is), list::remove/remove_if/unique (known at run time: on
// some path), and views whose element an insertion or a removal before it
// has moved (their position is no longer known, so pop_front/pop_back leave
// them alone rather than guess).

#include <deque>
#include <forward_list>
#include <iterator>
#include <list>
#include <stack>
#include <vector>

void use(int);

// --- forward_list::erase_after ---------------------------------------------

void eraseAfterFront(std::forward_list<int> &f) {
  auto second = std::next(f.begin());
  f.erase_after(f.begin());
  use(*second);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'second' is used after the element it refers to was erased from 'f' [slicemap-dangling-view]
}

void eraseAfterAnywhere(std::forward_list<int> &f, int k) {
  auto pos = std::next(f.begin(), k);
  auto victim = std::next(pos);
  int &value = *std::next(pos);
  f.erase_after(pos);
  use(*victim);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'victim' is used after the element it refers to was erased from 'f'
  use(value);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'value' is used after the element it refers to was erased from 'f'
}

void eraseAfterBeforeBegin(std::forward_list<int> &f) {
  auto first = f.begin();
  f.erase_after(f.before_begin());
  use(*first);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'first' is used after the element it refers to was erased from 'f'
}

void eraseAfterRange(std::forward_list<int> &f, int k) {
  auto pos = std::next(f.begin(), k);
  auto inside = std::next(pos, 2);
  f.erase_after(pos, f.end());
  use(*inside);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'inside' is used after the element it refers to was erased from 'f'
}

#define DROP_NEXT(list, at) (list).erase_after(at)

void eraseAfterMacro(std::forward_list<int> &f) {
  auto second = ++f.begin();
  DROP_NEXT(f, f.cbegin());
  use(*second);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'second' is used after the element it refers to was erased from 'f'
}

template <class List> void eraseAfterTemplate(List &f) {
  auto pos = f.begin();
  auto victim = std::next(pos);
  f.erase_after(pos);
  use(*victim);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'victim' is used after the element it refers to was erased from 'f'
}
template void eraseAfterTemplate(std::forward_list<int> &);

void eraseAfterLambda(std::forward_list<int> &f) {
  auto drop = [](std::forward_list<int> &l) {
    auto victim = std::next(l.begin());
    l.erase_after(l.begin());
    use(*victim);
    // CHECK-MESSAGES: :[[@LINE-1]]:10: warning: 'victim' is used after the element it refers to was erased from 'l'
  };
  drop(f);
}

// Near-misses: the position itself, the elements before it and after the
// erased one, end(), and views whose place relative to it is unknown.
void eraseAfterNearMisses(std::forward_list<int> &f, int k,
                          std::forward_list<int>::iterator other) {
  auto pos = std::next(f.begin(), k);
  auto twoAfter = std::next(pos, 2);
  auto end = f.end();
  auto first = f.begin();
  f.erase_after(pos);
  use(*pos);
  use(*twoAfter);
  use(end == pos);
  use(*first);
  use(*other);
  auto head = f.begin();
  auto third = std::next(f.begin(), 2);
  f.erase_after(f.begin(), third); // erases the second element only
  use(*head);
  use(*third);
}

void eraseAfterLoop(std::forward_list<int> &f) {
  // The usual loop re-seats its iterator from erase_after's result.
  auto prev = f.before_begin();
  for (auto it = f.begin(); it != f.end();) {
    if (*it < 0) {
      it = f.erase_after(prev);
    } else {
      prev = it;
      ++it;
    }
  }
}

// --- list::remove, remove_if, unique ---------------------------------------

void listRemove(std::list<int> &l, std::forward_list<int> &f) {
  auto it = l.begin();
  l.remove(*it);
  use(*it);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'it' is used after the element it refers to was erased from 'l' [slicemap-dangling-view]
  auto some = l.begin();
  l.remove_if([](int x) { return x > 2; });
  use(*some);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'some' is used after the element it refers to was erased from 'l' (on some path)
  int &head = f.front();
  f.unique();
  use(head);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'head' is used after the element it refers to was erased from 'f' (on some path)
}

void listRemoveNearMisses(std::list<int> &l, std::list<int> &other) {
  // Another list; a view made after the removal; a loop that steps on.
  auto elsewhere = other.begin();
  l.remove(3);
  use(*elsewhere);
  auto fresh = l.begin();
  use(*fresh);
  for (auto it = l.begin(); it != l.end(); ++it)
    use(*it);
}

// --- positions moved by insertions and removals ----------------------------

void pushedThenPopped(std::deque<int> &d, std::list<int> &l,
                      std::stack<int> &st) {
  // The element pushed is the one popped: the view is intact.
  int &last = d.back();
  d.push_back(1);
  d.pop_back();
  use(last);
  int &first = l.front();
  l.push_front(0);
  l.pop_front();
  use(first);
  int &top = st.top();
  st.push(2);
  st.pop();
  use(top);
  auto head = l.begin();
  l.insert(l.begin(), 7);
  l.erase(l.begin()); // erases the inserted element, not head's
  use(*head);
}

void poppedTwice(std::list<int> &l, std::forward_list<int> &f) {
  // After one removal the view's index is not known any more: silent
  // rather than guessed.
  auto second = std::next(l.begin());
  l.pop_front();
  l.pop_front();
  use(*second);
  auto after = std::next(f.begin(), 2);
  f.push_front(0);
  f.erase_after(f.begin());
  use(*after);
}

void positionsStillKnown(std::vector<int> &v, std::list<int> &l) {
  // Removing the last element moves no other: the front stays the front.
  int &first = v.front();
  v.pop_back();
  v.erase(v.begin());
  use(first);
  // CHECK-MESSAGES: :[[@LINE-1]]:7: warning: 'first' may dangle: it points into 'v', which may have moved its elements since
  auto head = l.begin();
  l.pop_back();
  l.pop_front();
  use(*head);
  // CHECK-MESSAGES: :[[@LINE-1]]:8: warning: 'head' is used after the element it refers to was erased from 'l'
}

void copiesOfMovedViews(std::list<int> &l) {
  // A copy made after an insertion moved its origin is not at the
  // origin's old place either.
  auto head = l.begin();
  l.push_front(0);
  auto copy = head;
  l.pop_front();
  use(*copy);
}

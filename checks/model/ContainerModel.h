//===--- ContainerModel.h - what the checks know about containers ---------===//
//
// The one table of container families every check consults: which classes
// own their elements (a copy of one is a separate object), which are handles
// onto storage owned elsewhere (a copy of one writes to the same elements),
// how each family stores its elements (so what a mutation may move), and
// which member functions change a container's contents.
//
// Classes are recognised by the top-level namespace and the name of their
// template (std::vector<int> and std::__cxx11::basic_string<char> alike), so
// aliases, typedefs and library-internal inline namespaces do not matter. A
// class derived from a known container (`template <class T> class vector :
// public std::vector<T>`) has its base's family. While a ContainerTypes
// table is in scope (ContainerTypes::Scope), the classes it names, and the
// user containers it infers, have families too.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_CONTAINERMODEL_H
#define SLICEMAP_CHECKS_MODEL_CONTAINERMODEL_H

#include "clang/AST/Type.h"
#include "llvm/ADT/StringRef.h"

namespace clang::tidy::slicemap::model {

/// How a container keeps its elements, which decides what a mutation may
/// invalidate.
enum class Storage {
  /// Not a container this model knows.
  Unknown,
  /// One array that growth reallocates: std::vector, std::string,
  /// llvm::SmallVector, absl::InlinedVector, boost::container::vector, ...
  Contiguous,
  /// std::deque: insertion at either end moves no element, but invalidates
  /// iterators.
  Deque,
  /// One node per element, never rehashed: std::list, std::map, ...
  /// Only erasing an element invalidates views of it.
  NodeBased,
  /// Nodes in hash buckets: std::unordered_*, absl::node_hash_*. Erasing
  /// an element invalidates its views; an insertion may rehash, which
  /// invalidates iterators but not pointers or references.
  HashedNodes,
  /// A sorted array: std::flat_map/flat_set, boost::container::flat_*.
  /// Every insertion (operator[] too) may move every element; erase moves
  /// the elements after the position.
  SortedArray,
  /// Open addressing (absl::flat_hash_map, boost::unordered_flat_map,
  /// llvm::DenseMap) and B-trees: any insertion may move every element.
  OpenAddressing,
  /// Storage inside the object: std::array. Nothing moves it.
  Fixed,
  /// slicemap::Slice: a refcounted array shared between copies; append may
  /// move the elements to a new array and leave the old one to other copies.
  SharedArray,
  /// slicemap::Map: a handle onto a shared bucket table with open addressing.
  SharedTable,
};

/// The storage family of \p Type (through typedefs, aliases and cv), or
/// Storage::Unknown.
Storage storageOf(QualType Type);

/// True for containers that own their elements, so that a copy is a separate
/// object: every family except SharedArray, SharedTable and Unknown.
bool ownsElements(Storage Kind);

/// True for types whose copies refer to the same object or storage: pointers,
/// references, smart pointers, std::reference_wrapper, views (std::span,
/// std::string_view, absl::Span, llvm::ArrayRef, ...) and slicemap::Map.
/// slicemap::Slice is neither a handle nor owning: see Storage::SharedArray.
bool isHandleType(QualType Type);

/// True for member functions that change which elements a container holds
/// (push_back, insert, erase, clear, resize, assign, append, ...). Not for
/// reserve/shrink_to_fit (no element changes) nor swap/extract (the contents
/// move into another object).
bool isMutatingMethod(llvm::StringRef Name);

/// True for member functions that return a reference to one element:
/// at, front, back, top (operator[] is an operator, not a name).
bool isElementAccessMethod(llvm::StringRef Name);

/// What a mutation of a container invalidates.
enum class Invalidation {
  /// Views stay valid (element writes, reads, node-based inserts, ...).
  None,
  /// Iterators, but not pointers or references to elements (std::deque's
  /// push_back/push_front).
  Iterators,
  /// Iterators, if the insertion rehashes (std::unordered_*).
  Rehash,
  /// Every view: the elements may move (growth, rehash, assignment, clear).
  Everything,
  /// Views of the erased element only (erase(it) on node-based and
  /// open-addressing containers).
  ErasedElement,
  /// erase(key): views of the element with that key - the view the key is
  /// read from (`m.erase(it->first)`), or any view on some path.
  ErasedKey,
  /// Views at and after the position erased, and end() (erase on a
  /// contiguous container; every view when the position is unknown).
  ErasedFrom,
  /// pop_back: views of the last element (std::list).
  RemovedBack,
  /// pop_back: views of the last element and end() (vector, deque).
  RemovedBackAndEnd,
  /// pop_front: views of the first element (deque, list, forward_list).
  RemovedFront,
  /// forward_list::erase_after: views of the element after the position
  /// (or of those between the two positions).
  ErasedAfter,
  /// No view is invalidated, but the elements' positions move (an
  /// insertion into a list, a sort, a splice): where a view points is no
  /// longer known.
  Shifted,
};

/// How the element a key-or-iterator member function names is given.
enum class Argument { Other, Iterator, Key };

/// What calling the member function \p Method (a name, or "operator=",
/// "operator+=", "operator[]") on a container of family \p Kind invalidates.
/// \p First tells how the call's first argument names an element (erase(it)
/// or erase(key)).
Invalidation invalidationOf(Storage Kind, llvm::StringRef Method,
                            Argument First);

/// The deque member function a container adaptor's `pop` stands for in
/// \p Type: "pop_back" for std::stack, "pop_front" for std::queue, or
/// "pop" itself (std::priority_queue: the heap moves every element).
llvm::StringRef adaptorPop(QualType Type);

/// True for member functions that return an iterator into the container:
/// begin/end and their c/r variants, find, lower_bound, upper_bound, insert,
/// emplace, emplace_hint, erase.
bool isIteratorMethod(llvm::StringRef Name);

/// True for member functions that return a pointer into the elements:
/// data, c_str (and slicemap::Map's find).
bool isDataPointerMethod(llvm::StringRef Name);

/// What moving a container's contents into another (`a = std::move(b)`,
/// `auto a = std::move(b)`, a swap) does to the views of its elements.
enum class MoveEffect {
  /// Not known: the views are forgotten.
  Unknown,
  /// The storage changes owner (one heap block, a set of nodes): views
  /// point into the receiving container - except its end(), which does
  /// not carry over.
  Follow,
  /// Inline storage (a short string, a small vector's buffer) is moved
  /// element by element: views of the moved-from container may dangle.
  MayDangle,
  /// Elements stay where they are (std::array): views keep their container.
  Stay,
};
MoveEffect moveEffectOf(QualType Type);

} // namespace clang::tidy::slicemap::model

#endif // SLICEMAP_CHECKS_MODEL_CONTAINERMODEL_H

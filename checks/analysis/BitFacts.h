//===--- BitFacts.h - compact flow states over numbered values
//-------------===//
//
// The pieces a flow state is made of. Tracked values are numbered once per
// function; a state is a few bit vectors over those numbers (joined with |,
// compared word by word) plus, where a finding needs to say *where* a fact
// came from, a table of notes that the join fills first-come.
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_ANALYSIS_BITFACTS_H
#define SLICEMAP_CHECKS_ANALYSIS_BITFACTS_H

#include "llvm/ADT/BitVector.h"

#include <memory>
#include <vector>

namespace clang::tidy::slicemap::analysis {

/// `Into |= From`; true when Into changed. O(words).
inline bool unite(llvm::BitVector &Into, const llvm::BitVector &From) {
  if (!From.test(Into)) // nothing in From that Into lacks
    return false;
  Into |= From;
  return true;
}

/// The number of words of \p Bits, for a WorkBudget.
inline std::size_t wordsOf(const llvm::BitVector &Bits) {
  return Bits.getMemorySize() / sizeof(std::uintptr_t) + 1;
}

/// For each numbered value, an optional note (where its fact was made). A
/// join adopts the notes it lacks, so a value keeps the note of the first
/// path that gave it one. The notes are shared between states until one of
/// them writes (copy on write): copying a state copies the bits only.
template <class Note> class FirstNotes {
public:
  FirstNotes() = default;
  explicit FirstNotes(unsigned Size)
      : Has(Size), Notes(std::make_shared<std::vector<Note>>(Size)) {}

  const Note *get(unsigned I) const {
    return Has.test(I) ? &(*Notes)[I] : nullptr;
  }
  /// Gives \p I the note \p N (replacing any).
  void set(unsigned I, const Note &N) {
    writable()[I] = N;
    Has.set(I);
  }
  /// Gives every value of \p Which without a note the note \p N.
  void fill(const llvm::BitVector &Which, const Note &N) {
    llvm::BitVector Missing = Which;
    Missing.reset(Has);
    if (Missing.none())
      return;
    std::vector<Note> &Mine = writable();
    for (unsigned I : Missing.set_bits())
      Mine[I] = N;
    Has |= Missing;
  }
  void clear(unsigned I) { Has.reset(I); }
  void clear(const llvm::BitVector &Which) { Has.reset(Which); }

  /// Adopts the notes of \p Other for values that have none here; true when
  /// a note was adopted.
  bool join(const FirstNotes &Other) {
    llvm::BitVector Missing = Other.Has;
    Missing.reset(Has);
    if (Missing.none())
      return false;
    if (Notes != Other.Notes) {
      std::vector<Note> &Mine = writable();
      for (unsigned I : Missing.set_bits())
        Mine[I] = (*Other.Notes)[I];
    }
    Has |= Missing;
    return true;
  }

  std::size_t words() const { return wordsOf(Has); }

private:
  std::vector<Note> &writable() {
    if (Notes.use_count() > 1)
      Notes = std::make_shared<std::vector<Note>>(*Notes);
    return *Notes;
  }

  llvm::BitVector Has;
  std::shared_ptr<std::vector<Note>> Notes;
};

} // namespace clang::tidy::slicemap::analysis

#endif // SLICEMAP_CHECKS_ANALYSIS_BITFACTS_H

//===--- BitFacts.h - compact flow states over numbered values ------------===//
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

#include <array>
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
/// path that gave it one. Notes live in chunks of 64 shared between states
/// until one of them writes (copy on write, chunk by chunk): copying a state
/// costs one pointer per 64 values, as its bit vectors cost one word.
template <class Note> class FirstNotes {
  static constexpr unsigned ChunkSize = 64;
  using Chunk = std::array<Note, ChunkSize>;

public:
  FirstNotes() = default;
  explicit FirstNotes(unsigned Size)
      : Has(Size), Chunks((Size + ChunkSize - 1) / ChunkSize) {}

  const Note *get(unsigned I) const {
    return Has.test(I) ? &(*Chunks[I / ChunkSize])[I % ChunkSize] : nullptr;
  }
  /// Gives \p I the note \p N (replacing any).
  void set(unsigned I, const Note &N) {
    writable(I / ChunkSize)[I % ChunkSize] = N;
    Has.set(I);
  }
  /// Gives every value of \p Which without a note the note \p N.
  void fill(const llvm::BitVector &Which, const Note &N) {
    llvm::BitVector Missing = Which;
    Missing.reset(Has);
    for (unsigned I : Missing.set_bits())
      writable(I / ChunkSize)[I % ChunkSize] = N;
    Has |= Missing;
  }
  void clear(unsigned I) { Has.reset(I); }

  /// Adopts the notes of \p Other for values that have none here; true when
  /// a note was adopted.
  bool join(const FirstNotes &Other) {
    llvm::BitVector Missing = Other.Has;
    Missing.reset(Has);
    if (Missing.none())
      return false;
    for (unsigned I : Missing.set_bits()) {
      const unsigned C = I / ChunkSize;
      if (Chunks[C] != Other.Chunks[C])
        writable(C)[I % ChunkSize] = (*Other.Chunks[C])[I % ChunkSize];
    }
    Has |= Missing;
    return true;
  }

  std::size_t words() const { return wordsOf(Has); }

private:
  Chunk &writable(unsigned C) {
    std::shared_ptr<Chunk> &Slot = Chunks[C];
    if (!Slot)
      Slot = std::make_shared<Chunk>();
    else if (Slot.use_count() > 1)
      Slot = std::make_shared<Chunk>(*Slot);
    return *Slot;
  }

  llvm::BitVector Has;
  std::vector<std::shared_ptr<Chunk>> Chunks;
};

/// The lattice of the bit-vector analyses: \p Kinds may-facts per numbered
/// value (each a bit vector; the join is their union) and a first-come note
/// per value. A check names its kinds (an enum indexing Bits) and its note.
template <unsigned Kinds, class Note> class MayFacts {
public:
  explicit MayFacts(unsigned Size) : Notes(Size) {
    for (llvm::BitVector &Kind : Bits)
      Kind.resize(Size);
  }

  llvm::BitVector &operator[](unsigned Kind) { return Bits[Kind]; }
  const llvm::BitVector &operator[](unsigned Kind) const { return Bits[Kind]; }
  FirstNotes<Note> &notes() { return Notes; }
  const FirstNotes<Note> &notes() const { return Notes; }

  /// Forgets every fact and the note of value \p I.
  void forget(unsigned I) {
    for (llvm::BitVector &Kind : Bits)
      Kind.reset(I);
    Notes.clear(I);
  }

  bool join(const MayFacts &Other) {
    bool Changed = false;
    for (unsigned Kind = 0; Kind < Kinds; ++Kind)
      Changed |= unite(Bits[Kind], Other.Bits[Kind]);
    Changed |= Notes.join(Other.Notes);
    return Changed;
  }
  std::size_t words() const { return Kinds * wordsOf(Bits[0]) + Notes.words(); }

private:
  std::array<llvm::BitVector, Kinds> Bits;
  FirstNotes<Note> Notes;
};

} // namespace clang::tidy::slicemap::analysis

#endif // SLICEMAP_CHECKS_ANALYSIS_BITFACTS_H

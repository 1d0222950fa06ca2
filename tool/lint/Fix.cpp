//===--- Fix.cpp - apply fix-its from every TU once, without conflicts ----===//
//
// A header's finding reaches us once per including TU but is deduplicated
// before this point; its edits may still coincide with another finding's,
// so identical edits are applied once. A fix whose edits overlap an edit
// already accepted is skipped whole (findings are visited in report order,
// so the choice is deterministic) and reported.
//
//===----------------------------------------------------------------------===//

#include "Lint.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace slicemap::lint {
namespace {

bool conflicts(const Edit &A, const Edit &B) {
  if (A.File != B.File || A == B)
    return false;
  if (A.Offset == B.Offset)
    return true; // two different edits at one point: order is ambiguous
  return A.Offset < B.Offset + B.Length && B.Offset < A.Offset + A.Length;
}

} // namespace

const std::vector<Edit> *chosenFix(const Finding &F, bool FixNotes) {
  if (!F.Fix.empty())
    return &F.Fix;
  if (!FixNotes)
    return nullptr;
  // As clang-tidy: a note's fix is applied when exactly one note has one.
  const std::vector<Edit> *Chosen = nullptr;
  for (const Note &N : F.Notes)
    if (!N.Fix.empty()) {
      if (Chosen)
        return nullptr;
      Chosen = &N.Fix;
    }
  return Chosen;
}

bool applyFixes(const std::vector<Finding> &Findings, bool FixNotes,
                SourceFiles &Sources, llvm::raw_ostream &Log) {
  std::map<std::string, std::vector<Edit>> Accepted;
  unsigned Fixed = 0, Skipped = 0;
  for (const Finding &F : Findings) {
    const std::vector<Edit> *Fix = chosenFix(F, FixNotes);
    if (!Fix)
      continue;
    std::vector<Edit> New;
    bool Conflict = false, Stale = false;
    for (const Edit &E : *Fix) {
      const std::string *Text = Sources.contents(E.File);
      if (!Text || E.Offset + E.Length > Text->size()) {
        Stale = true;
        break;
      }
      bool Duplicate = false;
      for (const std::vector<Edit> *List : {&Accepted[E.File], &New})
        for (const Edit &A : *List) {
          Duplicate |= A == E;
          Conflict |= conflicts(A, E);
        }
      if (!Duplicate)
        New.push_back(E);
    }
    if (Conflict || Stale) {
      ++Skipped;
      Log << "slicemap-lint: note: not applying the fix for " << F.Loc.File
          << ":" << F.Loc.Line << ":" << F.Loc.Column << " [" << F.Check
          << "]: "
          << (Stale ? "its file cannot be read or has changed"
                    : "it overlaps another fix")
          << "\n";
      continue;
    }
    for (Edit &E : New)
      Accepted[E.File].push_back(std::move(E));
    ++Fixed;
  }

  bool Ok = true;
  unsigned Files = 0;
  for (auto &[File, Edits] : Accepted) {
    if (Edits.empty())
      continue;
    // Back to front, so earlier offsets stay valid.
    llvm::sort(Edits, [](const Edit &A, const Edit &B) {
      return A.Offset > B.Offset;
    });
    std::string Text = *Sources.contents(File);
    for (const Edit &E : Edits)
      Text.replace(E.Offset, E.Length, E.Text);
    std::error_code EC;
    llvm::raw_fd_ostream OS(File, EC, llvm::sys::fs::OF_None);
    if (!EC) {
      OS << Text;
      OS.close();
      if (OS.has_error()) {
        EC = OS.error();
        OS.clear_error();
      }
    }
    if (EC) {
      Log << "slicemap-lint: error: cannot write '" << File
          << "': " << EC.message() << "\n";
      Ok = false;
      continue;
    }
    ++Files;
    Log << "slicemap-lint: fixed " << File << " (" << Edits.size()
        << (Edits.size() == 1 ? " edit" : " edits") << ")\n";
  }
  Log << "slicemap-lint: applied " << Fixed << (Fixed == 1 ? " fix" : " fixes")
      << " to " << Files << (Files == 1 ? " file" : " files");
  if (Skipped)
    Log << ", skipped " << Skipped;
  Log << "\n";
  return Ok;
}

} // namespace slicemap::lint

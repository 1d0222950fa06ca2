//===--- Fix.cpp - apply fix-its from every TU once, without conflicts ----===//
//
// The accepted edits of each file are a clang::tooling::Replacements, which
// decides conflicts: a new edit that overlaps an accepted one (unless the
// two give the same text in either order), or a different insertion at the
// same point, is refused. A header's finding reaches us once per including
// TU but is deduplicated before this point; its edits may still coincide
// with another finding's, so an edit identical to an accepted one is
// applied once. A fix is accepted or skipped whole (findings are visited in
// report order, so the choice is deterministic); skips are reported. Each
// file is then rewritten once, by applyAllReplacements.
//
//===----------------------------------------------------------------------===//

#include "Lint.h"

#include "clang/Tooling/Core/Replacement.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

namespace slicemap::lint {
namespace {

using clang::tooling::Replacement;
using clang::tooling::Replacements;

/// The edits accepted so far, per file.
class FixPlan {
public:
  enum class Outcome { Accepted, Stale, Conflict };

  explicit FixPlan(SourceFiles &Sources) : Sources(Sources) {}

  /// Accepts every edit of Fix, or none.
  Outcome add(const std::vector<Edit> &Fix) {
    for (const Edit &E : Fix) {
      const std::string *Text = Sources.contents(E.File);
      if (!Text || E.Offset + E.Length > Text->size())
        return Outcome::Stale;
    }
    // Trial copies of the files this fix touches, committed together.
    std::map<std::string, FileEdits> Trial;
    for (const Edit &E : Fix) {
      auto [It, New] = Trial.try_emplace(E.File);
      if (New) {
        auto Old = Files.find(E.File);
        if (Old != Files.end())
          It->second = Old->second;
      }
      Replacement R(E.File, E.Offset, E.Length, E.Text);
      FileEdits &Edits = It->second;
      if (llvm::is_contained(Edits.Accepted, R))
        continue; // identical to an accepted edit: applied once
      if (llvm::Error Conflict = Edits.Accepted.add(R)) {
        llvm::consumeError(std::move(Conflict));
        return Outcome::Conflict;
      }
      ++Edits.Count;
    }
    for (auto &[File, Edits] : Trial)
      Files[File] = std::move(Edits);
    return Outcome::Accepted;
  }

  /// Rewrites every file with accepted edits; false if one failed.
  bool write(llvm::raw_ostream &Log, unsigned &Written);

private:
  struct FileEdits {
    Replacements Accepted;
    unsigned Count = 0; // distinct edits (Replacements may merge some)
  };

  bool writeFile(llvm::StringRef File, const FileEdits &Edits,
                 llvm::raw_ostream &Log);

  SourceFiles &Sources;
  std::map<std::string, FileEdits> Files;
};

bool FixPlan::writeFile(llvm::StringRef File, const FileEdits &Edits,
                        llvm::raw_ostream &Log) {
  llvm::Expected<std::string> Text = clang::tooling::applyAllReplacements(
      *Sources.contents(File), Edits.Accepted);
  std::error_code EC;
  if (!Text) {
    EC = llvm::errorToErrorCode(Text.takeError());
  } else {
    llvm::raw_fd_ostream OS(File, EC, llvm::sys::fs::OF_None);
    if (!EC) {
      OS << *Text;
      OS.close();
      if (OS.has_error()) {
        EC = OS.error();
        OS.clear_error();
      }
    }
  }
  if (EC) {
    Log << "slicemap-lint: error: cannot write '" << File
        << "': " << EC.message() << "\n";
    return false;
  }
  Log << "slicemap-lint: fixed " << File << " (" << Edits.Count
      << (Edits.Count == 1 ? " edit" : " edits") << ")\n";
  return true;
}

bool FixPlan::write(llvm::raw_ostream &Log, unsigned &Written) {
  bool Ok = true;
  for (const auto &[File, Edits] : Files) {
    if (!Edits.Count)
      continue;
    if (writeFile(File, Edits, Log))
      ++Written;
    else
      Ok = false;
  }
  return Ok;
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
  FixPlan Plan(Sources);
  unsigned Fixed = 0, Skipped = 0;
  for (const Finding &F : Findings) {
    const std::vector<Edit> *Fix = chosenFix(F, FixNotes);
    if (!Fix)
      continue;
    FixPlan::Outcome Outcome = Plan.add(*Fix);
    if (Outcome == FixPlan::Outcome::Accepted) {
      ++Fixed;
      continue;
    }
    ++Skipped;
    Log << "slicemap-lint: note: not applying the fix for " << F.Loc.File << ":"
        << F.Loc.Line << ":" << F.Loc.Column << " [" << F.Check << "]: "
        << (Outcome == FixPlan::Outcome::Stale
                ? "its file cannot be read or has changed"
                : "it overlaps another fix")
        << "\n";
  }
  unsigned Files = 0;
  bool Ok = Plan.write(Log, Files);
  Log << "slicemap-lint: applied " << Fixed << (Fixed == 1 ? " fix" : " fixes")
      << " to " << Files << (Files == 1 ? " file" : " files");
  if (Skipped)
    Log << ", skipped " << Skipped;
  Log << "\n";
  return Ok;
}

} // namespace slicemap::lint

//===--- Complete.cpp - completing the results, once ----------------------===//
//
// analyse() returns what the TUs reported: files and byte offsets. Here,
// in one stage, every location and edit gets its line, column and path
// relative to the project root; findings, errors and the functions cut
// short are sorted; then the findings are fingerprinted (which needs the
// order, the lines and the relative paths). The outputs, the baseline and
// --fix only read these fields.
//
//===----------------------------------------------------------------------===//

#include "Lint.h"

#include <tuple>

namespace slicemap::lint {
namespace {

class Completer {
public:
  Completer(llvm::StringRef Root, SourceFiles &Sources)
      : Root(Root), Sources(Sources) {}

  void location(Location &Loc) {
    if (Loc.File.empty())
      return;
    std::tie(Loc.Line, Loc.Column) = Sources.position(Loc.File, Loc.Offset);
    Loc.RelativePath = relative(Loc.File);
  }

  void edits(std::vector<Edit> &Edits) {
    for (Edit &E : Edits) {
      std::tie(E.Line, E.Column) = Sources.position(E.File, E.Offset);
      std::tie(E.EndLine, E.EndColumn) =
          Sources.position(E.File, E.Offset + E.Length);
      E.RelativePath = relative(E.File);
    }
  }

  void finding(Finding &F) {
    location(F.Loc);
    edits(F.Fix);
    for (Note &N : F.Notes) {
      location(N.Loc);
      edits(N.Fix);
    }
  }

  void error(TUError &E) {
    E.RelativePath = relative(E.File);
    for (Note &N : E.Diagnostics)
      location(N.Loc);
  }

private:
  std::string relative(const std::string &File) {
    auto [It, Inserted] = Relative.try_emplace(File);
    if (Inserted)
      It->second = relativeTo(File, Root);
    return It->second;
  }

  llvm::StringRef Root;
  SourceFiles &Sources;
  llvm::StringMap<std::string> Relative;
};

} // namespace

void completeResults(Results &R, llvm::StringRef Root, SourceFiles &Sources) {
  Completer C(Root, Sources);
  for (Finding &F : R.Findings)
    C.finding(F);
  for (TUError &E : R.Errors)
    C.error(E);
  for (CutShortFunction &F : R.CutShort)
    C.location(F.Loc);
  // (File, Line, Column, Check, Message) is unique after deduplication, so
  // the order is total.
  llvm::sort(R.Findings, [](const Finding &A, const Finding &B) {
    return std::tie(A.Loc.File, A.Loc.Line, A.Loc.Column, A.Check, A.Message) <
           std::tie(B.Loc.File, B.Loc.Line, B.Loc.Column, B.Check, B.Message);
  });
  llvm::sort(R.Errors, [](const TUError &A, const TUError &B) {
    return std::tie(A.File, A.Reason) < std::tie(B.File, B.Reason);
  });
  llvm::sort(R.CutShort, [](const CutShortFunction &A,
                            const CutShortFunction &B) {
    return std::tie(A.Loc.File, A.Loc.Line, A.Loc.Column, A.Check, A.Message) <
           std::tie(B.Loc.File, B.Loc.Line, B.Loc.Column, B.Check, B.Message);
  });
  fingerprintFindings(R.Findings, Sources);
}

} // namespace slicemap::lint

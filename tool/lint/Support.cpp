//===--- Support.cpp - paths, source text and the check list --------------===//

#include "Lint.h"

#include "CheckRegistry.h"
#include "clang-tidy/ClangTidy.h"

#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>

namespace slicemap::lint {

bool Edit::operator<(const Edit &O) const {
  return std::tie(File, Offset, Length, Text) <
         std::tie(O.File, O.Offset, O.Length, O.Text);
}
bool Edit::operator==(const Edit &O) const {
  return std::tie(File, Offset, Length, Text) ==
         std::tie(O.File, O.Offset, O.Length, O.Text);
}

// --- Checks ----------------------------------------------------------------

std::vector<std::string> registeredChecks() {
  llvm::StringSet<> Names;
  for (const auto &Entry : clang::tidy::getAllChecksAndOptions(
                               /*AllowEnablingAnalyzerAlphaCheckers=*/false,
                               /*ExperimentalCustomChecks=*/false)
                               .Checks)
    if (Entry.getKey().starts_with("slicemap-"))
      Names.insert(Entry.getKey());
  for (const CheckInfo &Info : clang::tidy::slicemap::SlicemapChecks)
    Names.insert(Info.Name);
  std::vector<std::string> Result;
  for (const auto &Entry : Names)
    Result.push_back(Entry.getKey().str());
  llvm::sort(Result);
  return Result;
}

const CheckInfo *checkInfo(llvm::StringRef Check) {
  return clang::tidy::slicemap::findCheck(Check);
}

std::string plainText(llvm::StringRef Markdown) {
  std::string Out;
  for (char C : Markdown)
    if (C != '`')
      Out += C;
  return Out;
}

int listChecks(llvm::raw_ostream &OS, bool Markdown) {
  int Status = ExitClean;
  if (Markdown)
    OS << "| check | finds |\n| --- | --- |\n";
  for (const std::string &Check : registeredChecks()) {
    const CheckInfo *Info = checkInfo(Check);
    if (!Info) {
      llvm::errs() << "slicemap-lint: error: check '" << Check
                   << "' is not in the check registry "
                      "(checks/CheckRegistry.h)\n";
      Status = ExitError;
      continue;
    }
    if (Markdown)
      OS << "| [" << Info->Name << "](" << Info->DocPath << ") | "
         << Info->Summary << " |\n";
    else
      OS << Info->Name << ": " << Info->Description << "\n";
  }
  return Status;
}

// --- Paths -----------------------------------------------------------------

std::string canonicalPath(llvm::StringRef Path, llvm::StringRef BaseDir) {
  llvm::SmallString<256> Abs(Path);
  if (!llvm::sys::path::is_absolute(Abs)) {
    if (!BaseDir.empty()) {
      Abs = BaseDir;
      llvm::sys::path::append(Abs, Path);
    } else {
      llvm::sys::fs::make_absolute(Abs);
    }
  }
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  llvm::SmallString<256> Real;
  if (!llvm::sys::fs::real_path(Abs, Real))
    return std::string(Real);
  return std::string(Abs);
}

std::string relativeTo(llvm::StringRef Path, llvm::StringRef Root) {
  if (Root.empty() || !Path.starts_with(Root))
    return Path.str();
  llvm::StringRef Rest = Path.drop_front(Root.size());
  if (Root.ends_with("/"))
    return Rest.str();
  if (!Rest.consume_front("/"))
    return Path.str();
  return Rest.str();
}

// --- Source text -----------------------------------------------------------

SourceFiles::Entry &SourceFiles::entry(llvm::StringRef File) {
  auto [It, Inserted] = Cache.try_emplace(File);
  Entry &E = It->second;
  if (!Inserted)
    return E;
  auto Buffer = llvm::MemoryBuffer::getFile(File, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!Buffer)
    return E;
  E.Readable = true;
  E.Text = (*Buffer)->getBuffer().str();
  E.LineStarts.push_back(0);
  for (unsigned I = 0, N = E.Text.size(); I < N; ++I)
    if (E.Text[I] == '\n')
      E.LineStarts.push_back(I + 1);
  return E;
}

const std::string *SourceFiles::contents(llvm::StringRef File) {
  Entry &E = entry(File);
  return E.Readable ? &E.Text : nullptr;
}

std::pair<unsigned, unsigned> SourceFiles::position(llvm::StringRef File,
                                                    unsigned Offset) {
  Entry &E = entry(File);
  if (!E.Readable)
    return {0, 0};
  auto It = std::upper_bound(E.LineStarts.begin(), E.LineStarts.end(), Offset);
  unsigned Line = It - E.LineStarts.begin(); // 1-based
  return {Line, Offset - E.LineStarts[Line - 1] + 1};
}

llvm::StringRef SourceFiles::lineText(llvm::StringRef File, unsigned Line) {
  Entry &E = entry(File);
  if (!E.Readable || Line == 0 || Line > E.LineStarts.size())
    return "";
  llvm::StringRef Text(E.Text);
  Text = Text.drop_front(E.LineStarts[Line - 1]);
  Text = Text.take_until([](char C) { return C == '\n'; });
  return Text.rtrim("\r");
}

} // namespace slicemap::lint

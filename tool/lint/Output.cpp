//===--- Output.cpp - text, JSON and SARIF 2.1.0 reports, the summary -----===//

#include "Lint.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <map>

#ifndef SLICEMAP_VERSION
#define SLICEMAP_VERSION "0.0.0"
#endif

namespace slicemap::lint {
namespace {

// --- text ------------------------------------------------------------------

/// clang's excerpt: "   12 |   code" and a caret line below it.
void writeExcerpt(llvm::raw_ostream &OS, SourceFiles &Sources,
                  const Location &Loc) {
  if (Loc.Line == 0)
    return;
  llvm::StringRef Text = Sources.lineText(Loc.File, Loc.Line);
  std::string Number = std::to_string(Loc.Line);
  unsigned Width = std::max<size_t>(5, Number.size());
  OS.indent(Width - Number.size()) << Number << " | " << Text << "\n";
  OS.indent(Width) << " | ";
  // Keep tabs so the caret lines up under tab-indented code.
  for (unsigned I = 0; I + 1 < Loc.Column && I < Text.size(); ++I)
    OS << (Text[I] == '\t' ? '\t' : ' ');
  OS << "^\n";
}

void writeLocation(llvm::raw_ostream &OS, const Location &Loc) {
  OS << Loc.File;
  if (Loc.Line)
    OS << ":" << Loc.Line << ":" << Loc.Column;
  OS << ": ";
}

// --- JSON ------------------------------------------------------------------

llvm::json::Value jsonLocation(const Location &Loc) {
  return llvm::json::Object{
      {"file", Loc.File}, {"line", Loc.Line}, {"column", Loc.Column}};
}

llvm::json::Value jsonEdits(const std::vector<Edit> &Edits) {
  llvm::json::Array List;
  for (const Edit &E : Edits)
    List.push_back(llvm::json::Object{{"file", E.File},
                                      {"offset", E.Offset},
                                      {"length", E.Length},
                                      {"replacement", E.Text}});
  return List;
}

llvm::json::Value jsonErrors(const Results &R) {
  llvm::json::Array Errors;
  for (const TUError &E : R.Errors) {
    llvm::json::Array Diagnostics;
    for (const Note &N : E.Diagnostics)
      Diagnostics.push_back(llvm::json::Object{
          {"location", jsonLocation(N.Loc)}, {"message", N.Message}});
    Errors.push_back(
        llvm::json::Object{{"file", E.File},
                           {"message", E.Reason},
                           {"diagnostics", std::move(Diagnostics)}});
  }
  return Errors;
}

llvm::json::Value jsonCutShort(const Results &R) {
  llvm::json::Array List;
  for (const CutShortFunction &C : R.CutShort)
    List.push_back(llvm::json::Object{{"check", C.Check},
                                      {"function", C.Function},
                                      {"message", C.Message},
                                      {"location", jsonLocation(C.Loc)},
                                      {"path", C.Loc.RelativePath}});
  return List;
}

// --- summary ---------------------------------------------------------------

/// How many functions listed by name in the summary's cut-short line.
constexpr size_t CutShortListed = 5;

/// "analysis cut short in 2 functions (budget): f (a.cpp:12, check), ..."
void writeCutShort(llvm::raw_ostream &OS, const Results &R) {
  if (R.CutShort.empty())
    return;
  OS << "slicemap-lint: analysis cut short in " << R.CutShort.size()
     << (R.CutShort.size() == 1 ? " function" : " functions") << " (budget): ";
  for (size_t I = 0; I < R.CutShort.size() && I < CutShortListed; ++I) {
    const CutShortFunction &C = R.CutShort[I];
    OS << (I ? ", " : "") << C.Function << " (" << C.Loc.RelativePath;
    if (C.Loc.Line)
      OS << ":" << C.Loc.Line;
    OS << ", " << C.Check << ")";
  }
  if (R.CutShort.size() > CutShortListed)
    OS << ", and " << R.CutShort.size() - CutShortListed << " more";
  OS << "\n";
}

} // namespace

void writeText(llvm::raw_ostream &OS, const Results &R, SourceFiles &Sources) {
  for (const Finding &F : R.Findings) {
    writeLocation(OS, F.Loc);
    OS << (F.IsError ? "error: " : "warning: ") << F.Message << " [" << F.Check
       << "]\n";
    writeExcerpt(OS, Sources, F.Loc);
    for (const Note &N : F.Notes) {
      writeLocation(OS, N.Loc);
      OS << "note: " << N.Message << "\n";
      writeExcerpt(OS, Sources, N.Loc);
    }
  }
}

void writeJson(llvm::raw_ostream &OS, const Results &R,
               const OutputInfo &Info) {
  llvm::json::Array Findings;
  std::map<std::string, unsigned> ByCheck;
  for (const Finding &F : R.Findings) {
    ++ByCheck[F.Check];
    llvm::json::Array Notes;
    for (const Note &N : F.Notes)
      Notes.push_back(llvm::json::Object{{"location", jsonLocation(N.Loc)},
                                         {"message", N.Message},
                                         {"fix", jsonEdits(N.Fix)}});
    Findings.push_back(llvm::json::Object{
        {"check", F.Check},
        {"level", F.IsError ? "error" : "warning"},
        {"message", F.Message},
        {"location", jsonLocation(F.Loc)},
        {"path", F.Loc.RelativePath},
        {"fingerprint", F.Fingerprint},
        {"notes", std::move(Notes)},
        {"fix", jsonEdits(F.Fix)},
    });
  }
  llvm::json::Object Counts;
  for (const auto &[Check, Count] : ByCheck)
    Counts[Check] = Count;
  llvm::json::Value Document = llvm::json::Object{
      {"version", 1},
      {"tool", llvm::json::Object{{"name", "slicemap-lint"},
                                  {"version", SLICEMAP_VERSION}}},
      {"projectRoot", Info.ProjectRoot},
      {"findings", std::move(Findings)},
      {"errors", jsonErrors(R)},
      {"cutShort", jsonCutShort(R)},
      {"droppedFlags", llvm::json::Array(R.DroppedFlags)},
      {"summary",
       llvm::json::Object{
           {"translationUnits", R.FilesTotal},
           {"analysed", R.FilesAnalysed},
           {"compileCommands", R.CommandsTotal},
           {"compileCommandsAnalysed", R.CommandsAnalysed},
           {"compileCommandsWithoutChecks", R.CommandsWithoutChecks},
           {"failed", R.Errors.size()},
           {"findings", R.Findings.size()},
           {"suppressedByBaseline", Info.Suppressed},
           {"cutShort", R.CutShort.size()},
           {"byCheck", std::move(Counts)}}},
  };
  OS << llvm::formatv("{0:2}", Document) << "\n";
}

void writeSummary(llvm::raw_ostream &OS, const Results &R,
                  const OutputInfo &Info) {
  // The checks that ran (in at least one TU), and any that reported.
  std::map<std::string, unsigned> ByCheck;
  for (const std::string &Check : R.EnabledChecks)
    ByCheck[Check] = 0;
  for (const Finding &F : R.Findings)
    ++ByCheck[F.Check];
  size_t Width = 5;
  for (const auto &Entry : ByCheck)
    Width = std::max(Width, Entry.first.size());
  // Compile commands, not files: a file built twice is analysed twice.
  OS << "slicemap-lint: " << R.CommandsAnalysed << " of " << R.CommandsTotal
     << " compile commands analysed (";
  if (R.FilesAnalysed != R.FilesTotal)
    OS << R.FilesAnalysed << " of ";
  OS << R.FilesTotal << (R.FilesTotal == 1 ? " file)" : " files)");
  if (!R.Errors.empty())
    OS << ", " << R.Errors.size() << (R.Errors.size() == 1 ? " file" : " files")
       << " not analysed (errors)";
  OS << "\n";
  OS << llvm::left_justify("check", Width) << "  findings\n";
  for (const auto &[Check, Count] : ByCheck)
    OS << llvm::left_justify(Check, Width) << "  "
       << llvm::right_justify(std::to_string(Count), 8) << "\n";
  OS << llvm::left_justify("total", Width) << "  "
     << llvm::right_justify(std::to_string(R.Findings.size()), 8);
  if (Info.Suppressed)
    OS << "  (" << Info.Suppressed << " more suppressed by the baseline)";
  OS << "\n";
  writeCutShort(OS, R);
}

} // namespace slicemap::lint

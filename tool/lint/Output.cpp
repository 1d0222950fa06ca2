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

// --- SARIF -----------------------------------------------------------------

std::string percentEncode(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || C == '/' || C == '-' || C == '_' || C == '.' ||
        C == '~')
      Out += C;
    else
      Out += "%" + llvm::utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Out;
}

/// SARIF's default column unit is the UTF-16 code unit; clang counts bytes.
unsigned utf16Column(SourceFiles &Sources, const Location &Loc) {
  llvm::StringRef Text = Sources.lineText(Loc.File, Loc.Line);
  unsigned Column = 1;
  for (unsigned I = 0; I + 1 < Loc.Column && I < Text.size(); ++I) {
    unsigned char C = Text[I];
    if ((C & 0xC0) == 0x80)
      continue; // continuation byte
    Column += C >= 0xF0 ? 2 : 1;
  }
  if (Loc.Column > Text.size() + 1) // past the end of the line
    Column += Loc.Column - (Text.size() + 1);
  return Column;
}

class SarifWriter {
public:
  SarifWriter(const OutputInfo &Info, SourceFiles &Sources)
      : Info(Info), Sources(Sources) {}

  llvm::json::Value artifact(llvm::StringRef File) {
    std::string Relative = relativeTo(File, Info.ProjectRoot);
    if (Relative != File)
      return llvm::json::Object{{"uri", percentEncode(Relative)},
                                {"uriBaseId", "%SRCROOT%"}};
    return llvm::json::Object{{"uri", "file://" + percentEncode(File)}};
  }

  llvm::json::Object region(const Location &Loc) {
    llvm::json::Object Region{{"startLine", Loc.Line},
                              {"startColumn", utf16Column(Sources, Loc)}};
    return Region;
  }

  llvm::json::Value physical(const Location &Loc) {
    llvm::json::Object Physical{{"artifactLocation", artifact(Loc.File)}};
    if (Loc.Line)
      Physical["region"] = region(Loc);
    return Physical;
  }

  llvm::json::Value fix(llvm::StringRef Description,
                        const std::vector<Edit> &Edits) {
    std::map<std::string, llvm::json::Array> ByFile;
    for (const Edit &E : Edits) {
      Location Start{E.File, E.Offset, 0, 0};
      Location End{E.File, E.Offset + E.Length, 0, 0};
      Sources.locate(Start);
      Sources.locate(End);
      ByFile[E.File].push_back(llvm::json::Object{
          {"deletedRegion",
           llvm::json::Object{{"startLine", Start.Line},
                              {"startColumn", utf16Column(Sources, Start)},
                              {"endLine", End.Line},
                              {"endColumn", utf16Column(Sources, End)}}},
          {"insertedContent", llvm::json::Object{{"text", E.Text}}}});
    }
    llvm::json::Array Changes;
    for (auto &[File, Replacements] : ByFile)
      Changes.push_back(
          llvm::json::Object{{"artifactLocation", artifact(File)},
                             {"replacements", std::move(Replacements)}});
    return llvm::json::Object{
        {"description", llvm::json::Object{{"text", Description}}},
        {"artifactChanges", std::move(Changes)}};
  }

private:
  const OutputInfo &Info;
  SourceFiles &Sources;
};

} // namespace

void writeText(llvm::raw_ostream &OS, const Results &R, SourceFiles &Sources) {
  for (const Finding &F : R.Findings) {
    writeLocation(OS, F.Loc);
    OS << "warning: " << F.Message << " [" << F.Check << "]\n";
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
        {"message", F.Message},
        {"location", jsonLocation(F.Loc)},
        {"path", F.RelativePath},
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
      {"summary", llvm::json::Object{{"translationUnits", R.FilesTotal},
                                     {"analysed", R.FilesAnalysed},
                                     {"failed", R.Errors.size()},
                                     {"findings", R.Findings.size()},
                                     {"suppressedByBaseline", Info.Suppressed},
                                     {"byCheck", std::move(Counts)}}},
  };
  OS << llvm::formatv("{0:2}", Document) << "\n";
}

void writeSarif(llvm::raw_ostream &OS, const Results &R, const OutputInfo &Info,
                SourceFiles &Sources) {
  SarifWriter W(Info, Sources);
  std::vector<std::string> Checks = registeredChecks();
  // A check name the run reports but the binary did not register cannot
  // happen, but must not produce a dangling ruleIndex either.
  for (const Finding &F : R.Findings)
    if (!llvm::is_contained(Checks, F.Check))
      Checks.push_back(F.Check);
  llvm::json::Array Rules;
  for (const std::string &Check : Checks) {
    llvm::json::Object Rule{
        {"id", Check},
        {"name", Check},
        {"helpUri", Info.HelpUriBase + Check + ".md"},
        {"defaultConfiguration", llvm::json::Object{{"level", "warning"}}},
    };
    if (const CheckInfo *Registered = checkInfo(Check)) {
      Rule["shortDescription"] = llvm::json::Object{
          {"text", plainText(Registered->Summary)},
          {"markdown", llvm::StringRef(Registered->Summary)}};
      Rule["fullDescription"] = llvm::json::Object{
          {"text", llvm::StringRef(Registered->Description)}};
    } else {
      Rule["shortDescription"] = llvm::json::Object{{"text", Check}};
    }
    Rules.push_back(std::move(Rule));
  }

  llvm::json::Array ResultList;
  for (const Finding &F : R.Findings) {
    size_t RuleIndex = llvm::find(Checks, F.Check) - Checks.begin();
    llvm::json::Object Result{
        {"ruleId", F.Check},
        {"ruleIndex", RuleIndex},
        {"level", "warning"},
        {"message", llvm::json::Object{{"text", F.Message}}},
        {"locations", llvm::json::Array{llvm::json::Object{
                          {"physicalLocation", W.physical(F.Loc)}}}},
        {"partialFingerprints",
         llvm::json::Object{{"slicemapFingerprint/v1", F.Fingerprint}}},
    };
    if (!F.Notes.empty()) {
      llvm::json::Array Related;
      unsigned Id = 0;
      for (const Note &N : F.Notes)
        Related.push_back(llvm::json::Object{
            {"id", Id++},
            {"physicalLocation", W.physical(N.Loc)},
            {"message", llvm::json::Object{{"text", N.Message}}}});
      Result["relatedLocations"] = std::move(Related);
    }
    llvm::json::Array Fixes;
    if (!F.Fix.empty())
      Fixes.push_back(W.fix(F.Message, F.Fix));
    for (const Note &N : F.Notes)
      if (!N.Fix.empty())
        Fixes.push_back(W.fix(N.Message, N.Fix));
    if (!Fixes.empty())
      Result["fixes"] = std::move(Fixes);
    ResultList.push_back(std::move(Result));
  }

  llvm::json::Array Notifications;
  for (const TUError &E : R.Errors) {
    std::string Text = E.File + ": " + E.Reason;
    for (const Note &N : E.Diagnostics) {
      Text += "\n";
      if (!N.Loc.File.empty())
        Text += N.Loc.File + ":" + std::to_string(N.Loc.Line) + ":" +
                std::to_string(N.Loc.Column) + ": ";
      Text += "error: " + N.Message;
    }
    llvm::json::Object Notification{
        {"level", "error"},
        {"message", llvm::json::Object{{"text", Text}}},
        {"locations",
         llvm::json::Array{llvm::json::Object{
             {"physicalLocation",
              llvm::json::Object{{"artifactLocation", W.artifact(E.File)}}}}}},
    };
    Notifications.push_back(std::move(Notification));
  }

  std::string RootUri = "file://" + percentEncode(Info.ProjectRoot);
  if (!llvm::StringRef(RootUri).ends_with("/"))
    RootUri += "/";
  llvm::json::Value Document = llvm::json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs",
       llvm::json::Array{llvm::json::Object{
           {"tool",
            llvm::json::Object{
                {"driver",
                 llvm::json::Object{{"name", "slicemap-lint"},
                                    {"version", SLICEMAP_VERSION},
                                    {"semanticVersion", SLICEMAP_VERSION},
                                    {"rules", std::move(Rules)}}}}},
           {"originalUriBaseIds",
            llvm::json::Object{
                {"%SRCROOT%", llvm::json::Object{{"uri", RootUri}}}}},
           {"columnKind", "utf16CodeUnits"},
           {"results", std::move(ResultList)},
           {"invocations",
            llvm::json::Array{llvm::json::Object{
                {"executionSuccessful", R.Errors.empty()},
                {"toolExecutionNotifications", std::move(Notifications)}}}},
       }}},
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
  OS << "slicemap-lint: " << R.FilesAnalysed << " of " << R.FilesTotal
     << " translation units analysed";
  if (!R.Errors.empty())
    OS << ", " << R.Errors.size() << " not analysed (errors)";
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
}

} // namespace slicemap::lint

//===--- Sarif.cpp - the SARIF 2.1.0 report -------------------------------===//
//
// One run, as GitHub code scanning reads it: a rule per registered check
// (from the check registry), a result per finding with its notes as related
// locations and its fix-its as fixes, paths relative to %SRCROOT% (the
// project root), and as tool execution notifications the TUs not analysed
// (level error) and the functions whose analysis was cut short (note).
//
//===----------------------------------------------------------------------===//

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
unsigned utf16Column(SourceFiles &Sources, llvm::StringRef File, unsigned Line,
                     unsigned ByteColumn) {
  llvm::StringRef Text = Sources.lineText(File, Line);
  unsigned Column = 1;
  for (unsigned I = 0; I + 1 < ByteColumn && I < Text.size(); ++I) {
    unsigned char C = Text[I];
    if ((C & 0xC0) == 0x80)
      continue; // continuation byte
    Column += C >= 0xF0 ? 2 : 1;
  }
  if (ByteColumn > Text.size() + 1) // past the end of the line
    Column += ByteColumn - (Text.size() + 1);
  return Column;
}

/// Relative to %SRCROOT% when the file lies under the project root.
llvm::json::Value artifact(llvm::StringRef File, llvm::StringRef RelativePath) {
  if (RelativePath != File)
    return llvm::json::Object{{"uri", percentEncode(RelativePath)},
                              {"uriBaseId", "%SRCROOT%"}};
  return llvm::json::Object{{"uri", "file://" + percentEncode(File)}};
}

/// {"text": Text}, owning a copy (a json::Value made from a StringRef only
/// refers to it).
llvm::json::Value message(llvm::StringRef Text) {
  return llvm::json::Object{{"text", Text.str()}};
}

/// One rule per check: the registry's summary and description.
/// Its default level is "error" when WarningsAsErrors names the check in
/// every analysed TU that enables it.
llvm::json::Object rule(llvm::StringRef Check, const OutputInfo &Info,
                        bool IsError) {
  llvm::json::Object Rule{
      {"id", Check.str()},
      {"name", Check.str()},
      {"helpUri", Info.HelpUriBase + Check.str() + ".md"},
      {"defaultConfiguration",
       llvm::json::Object{{"level", IsError ? "error" : "warning"}}},
  };
  if (const CheckInfo *Registered = checkInfo(Check)) {
    Rule["shortDescription"] =
        llvm::json::Object{{"text", plainText(Registered->Summary)},
                           {"markdown", llvm::StringRef(Registered->Summary)}};
    Rule["fullDescription"] = message(Registered->Description);
  } else {
    Rule["shortDescription"] = message(Check);
  }
  return Rule;
}

class SarifWriter {
public:
  explicit SarifWriter(SourceFiles &Sources) : Sources(Sources) {}

  llvm::json::Value physical(const Location &Loc) {
    llvm::json::Object Physical{
        {"artifactLocation", artifact(Loc.File, Loc.RelativePath)}};
    if (Loc.Line)
      Physical["region"] = llvm::json::Object{
          {"startLine", Loc.Line},
          {"startColumn",
           utf16Column(Sources, Loc.File, Loc.Line, Loc.Column)}};
    return Physical;
  }

  llvm::json::Value fix(llvm::StringRef Description,
                        const std::vector<Edit> &Edits);
  llvm::json::Object result(const Finding &F, size_t RuleIndex);

private:
  SourceFiles &Sources;
};

llvm::json::Value SarifWriter::fix(llvm::StringRef Description,
                                   const std::vector<Edit> &Edits) {
  std::map<std::string, llvm::json::Array> ByFile;
  std::map<std::string, std::string> RelativePaths;
  for (const Edit &E : Edits) {
    RelativePaths.try_emplace(E.File, E.RelativePath);
    llvm::json::Object Deleted{
        {"startLine", E.Line},
        {"startColumn", utf16Column(Sources, E.File, E.Line, E.Column)},
        {"endLine", E.EndLine},
        {"endColumn", utf16Column(Sources, E.File, E.EndLine, E.EndColumn)}};
    ByFile[E.File].push_back(
        llvm::json::Object{{"deletedRegion", std::move(Deleted)},
                           {"insertedContent", message(E.Text)}});
  }
  llvm::json::Array Changes;
  for (auto &[File, Replacements] : ByFile)
    Changes.push_back(llvm::json::Object{
        {"artifactLocation", artifact(File, RelativePaths[File])},
        {"replacements", std::move(Replacements)}});
  return llvm::json::Object{{"description", message(Description)},
                            {"artifactChanges", std::move(Changes)}};
}

llvm::json::Object SarifWriter::result(const Finding &F, size_t RuleIndex) {
  llvm::json::Object Result{
      {"ruleId", F.Check},
      {"ruleIndex", RuleIndex},
      {"level", F.IsError ? "error" : "warning"},
      {"message", message(F.Message)},
      {"locations", llvm::json::Array{llvm::json::Object{
                        {"physicalLocation", physical(F.Loc)}}}},
      {"partialFingerprints",
       llvm::json::Object{{"slicemapFingerprint/v1", F.Fingerprint}}},
  };
  if (!F.Notes.empty()) {
    llvm::json::Array Related;
    unsigned Id = 0;
    for (const Note &N : F.Notes)
      Related.push_back(
          llvm::json::Object{{"id", Id++},
                             {"physicalLocation", physical(N.Loc)},
                             {"message", message(N.Message)}});
    Result["relatedLocations"] = std::move(Related);
  }
  llvm::json::Array Fixes;
  if (!F.Fix.empty())
    Fixes.push_back(fix(F.Message, F.Fix));
  for (const Note &N : F.Notes)
    if (!N.Fix.empty())
      Fixes.push_back(fix(N.Message, N.Fix));
  if (!Fixes.empty())
    Result["fixes"] = std::move(Fixes);
  return Result;
}

/// A TU not analysed: an error notification with its compiler errors.
llvm::json::Value errorNotification(const TUError &E) {
  std::string Text = E.File + ": " + E.Reason;
  for (const Note &N : E.Diagnostics) {
    Text += "\n";
    if (!N.Loc.File.empty())
      Text += N.Loc.File + ":" + std::to_string(N.Loc.Line) + ":" +
              std::to_string(N.Loc.Column) + ": ";
    Text += "error: " + N.Message;
  }
  llvm::json::Object Artifact{
      {"artifactLocation", artifact(E.File, E.RelativePath)}};
  return llvm::json::Object{
      {"level", "error"},
      {"message", message(Text)},
      {"locations", llvm::json::Array{llvm::json::Object{
                        {"physicalLocation", std::move(Artifact)}}}},
  };
}

/// A function cut short: a note-level notification at the function, tied
/// to its check's rule.
llvm::json::Value cutShortNotification(SarifWriter &W,
                                       const CutShortFunction &C,
                                       size_t RuleIndex) {
  return llvm::json::Object{
      {"level", "note"},
      {"message", message(C.Message)},
      {"locations", llvm::json::Array{llvm::json::Object{
                        {"physicalLocation", W.physical(C.Loc)}}}},
      {"associatedRule",
       llvm::json::Object{{"id", C.Check}, {"index", RuleIndex}}},
  };
}

llvm::json::Object driver(llvm::json::Array Rules) {
  return llvm::json::Object{{"name", "slicemap-lint"},
                            {"version", SLICEMAP_VERSION},
                            {"semanticVersion", SLICEMAP_VERSION},
                            {"rules", std::move(Rules)}};
}

} // namespace

void writeSarif(llvm::raw_ostream &OS, const Results &R, const OutputInfo &Info,
                SourceFiles &Sources) {
  std::vector<std::string> Checks = registeredChecks();
  // A check name the run reports but the binary did not register cannot
  // happen, but must not produce a dangling ruleIndex either.
  for (const Finding &F : R.Findings)
    if (!llvm::is_contained(Checks, F.Check))
      Checks.push_back(F.Check);
  for (const CutShortFunction &C : R.CutShort)
    if (!llvm::is_contained(Checks, C.Check))
      Checks.push_back(C.Check);
  auto RuleIndex = [&](llvm::StringRef Check) -> size_t {
    return llvm::find(Checks, Check) - Checks.begin();
  };
  llvm::json::Array Rules;
  for (const std::string &Check : Checks)
    Rules.push_back(
        rule(Check, Info, llvm::is_contained(R.ErrorChecks, Check)));

  SarifWriter W(Sources);
  llvm::json::Array Results;
  for (const Finding &F : R.Findings)
    Results.push_back(W.result(F, RuleIndex(F.Check)));
  llvm::json::Array Notifications;
  for (const TUError &E : R.Errors)
    Notifications.push_back(errorNotification(E));
  for (const CutShortFunction &C : R.CutShort)
    Notifications.push_back(cutShortNotification(W, C, RuleIndex(C.Check)));

  std::string RootUri = "file://" + percentEncode(Info.ProjectRoot);
  if (!llvm::StringRef(RootUri).ends_with("/"))
    RootUri += "/";
  llvm::json::Object Invocation{
      {"executionSuccessful", R.Errors.empty()},
      {"toolExecutionNotifications", std::move(Notifications)}};
  llvm::json::Object Run{
      {"tool", llvm::json::Object{{"driver", driver(std::move(Rules))}}},
      {"originalUriBaseIds",
       llvm::json::Object{{"%SRCROOT%", llvm::json::Object{{"uri", RootUri}}}}},
      {"columnKind", "utf16CodeUnits"},
      {"results", std::move(Results)},
      {"invocations", llvm::json::Array{std::move(Invocation)}},
  };
  llvm::json::Value Document = llvm::json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(Run)}},
  };
  OS << llvm::formatv("{0:2}", Document) << "\n";
}

} // namespace slicemap::lint

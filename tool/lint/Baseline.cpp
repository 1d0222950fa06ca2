//===--- Baseline.cpp - fingerprints and the baseline file ----------------===//
//
// A finding's fingerprint hashes what identifies it independently of line
// numbers: the check, the file relative to the project root, the flagged
// line's text with whitespace collapsed, the message, and its index among
// findings with the same four values in that file. Lines added or removed
// elsewhere, re-indentation, or moving the project do not change it.
//
//===----------------------------------------------------------------------===//

#include "Lint.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SHA256.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <tuple>

namespace slicemap::lint {
namespace {

std::string collapseWhitespace(llvm::StringRef Text) {
  std::string Out;
  bool Space = false;
  for (char C : Text.trim()) {
    if (llvm::isSpace(C)) {
      Space = true;
      continue;
    }
    if (Space && !Out.empty())
      Out += ' ';
    Space = false;
    Out += C;
  }
  return Out;
}

} // namespace

void fingerprintFindings(std::vector<Finding> &Findings, SourceFiles &Sources) {
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, unsigned> Occurrences;
  for (Finding &F : Findings) {
    std::string Line =
        collapseWhitespace(Sources.lineText(F.Loc.File, F.Loc.Line));
    unsigned Index =
        Occurrences[Key{F.Check, F.Loc.RelativePath, Line, F.Message}]++;
    llvm::SHA256 Hash;
    for (llvm::StringRef Part :
         {llvm::StringRef("slicemap-lint/v1"), llvm::StringRef(F.Check),
          llvm::StringRef(F.Loc.RelativePath), llvm::StringRef(Line),
          llvm::StringRef(F.Message)}) {
      Hash.update(Part);
      Hash.update(llvm::ArrayRef<uint8_t>{0});
    }
    Hash.update(std::to_string(Index));
    auto Digest = Hash.final();
    F.Fingerprint = llvm::toHex(llvm::ArrayRef<uint8_t>(Digest).take_front(16),
                                /*LowerCase=*/true);
  }
}

bool readBaseline(llvm::StringRef Path, std::vector<std::string> &Fingerprints,
                  std::string &Error) {
  auto Buffer = llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer) {
    Error = "cannot read baseline '" + Path.str() +
            "': " + Buffer.getError().message();
    return false;
  }
  llvm::Expected<llvm::json::Value> Parsed =
      llvm::json::parse((*Buffer)->getBuffer());
  if (!Parsed) {
    Error = "malformed baseline '" + Path.str() +
            "': not valid JSON: " + llvm::toString(Parsed.takeError());
    return false;
  }
  auto Bad = [&](llvm::StringRef What) {
    Error = "malformed baseline '" + Path.str() + "': " + What.str() +
            " (expected {\"version\": 1, \"findings\": [{\"fingerprint\": "
            "...}, ...]}, as written by --write-baseline)";
    return false;
  };
  const llvm::json::Object *Root = Parsed->getAsObject();
  if (!Root)
    return Bad("not a JSON object");
  std::optional<int64_t> Version = Root->getInteger("version");
  if (!Version)
    return Bad("no \"version\"");
  if (*Version != 1)
    return Bad("unsupported version " + std::to_string(*Version));
  const llvm::json::Array *List = Root->getArray("findings");
  if (!List)
    return Bad("no \"findings\" array");
  for (const llvm::json::Value &Entry : *List) {
    const llvm::json::Object *Object = Entry.getAsObject();
    std::optional<llvm::StringRef> Fingerprint =
        Object ? Object->getString("fingerprint") : std::nullopt;
    if (!Fingerprint)
      return Bad("a finding without a \"fingerprint\" string");
    Fingerprints.push_back(Fingerprint->str());
  }
  return true;
}

bool writeBaseline(llvm::StringRef Path, const std::vector<Finding> &Findings,
                   std::string &Error) {
  llvm::json::Array List;
  for (const Finding &F : Findings)
    List.push_back(llvm::json::Object{{"fingerprint", F.Fingerprint},
                                      {"check", F.Check},
                                      {"path", F.Loc.RelativePath},
                                      {"line", F.Loc.Line},
                                      {"message", F.Message}});
  llvm::json::Value Document = llvm::json::Object{
      {"version", 1},
      {"tool", "slicemap-lint"},
      {"findings", std::move(List)},
  };
  std::error_code EC;
  llvm::raw_fd_ostream OS(Path, EC, llvm::sys::fs::OF_Text);
  if (EC) {
    Error = "cannot write baseline '" + Path.str() + "': " + EC.message();
    return false;
  }
  OS << llvm::formatv("{0:2}", Document) << "\n";
  OS.close();
  if (OS.has_error()) {
    Error =
        "cannot write baseline '" + Path.str() + "': " + OS.error().message();
    OS.clear_error();
    return false;
  }
  return true;
}

} // namespace slicemap::lint

//===--- CompiledOut.cpp - names in code the preprocessor removed ---------===//

#include "CompiledOut.h"

#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "clang/Lex/MacroArgs.h"
#include "clang/Lex/MacroInfo.h"
#include "clang/Lex/PPCallbacks.h"
#include "llvm/ADT/SmallBitVector.h"

#include <algorithm>
#include <numeric>

namespace clang::tidy::slicemap::model {

namespace {

/// Records, while the translation unit is preprocessed, what its expansions
/// and conditionals leave out.
class Recorder : public PPCallbacks {
public:
  Recorder(CompiledOutCode &Out, const SourceManager &SM) : Out(Out), SM(SM) {}

  void MacroExpands(const Token &, const MacroDefinition &Definition,
                    SourceRange Range, const MacroArgs *Args) override {
    const MacroInfo *Info = Definition.getMacroInfo();
    if (!Args || !Info || !Info->isFunctionLike())
      return;
    const llvm::SmallBitVector &Dropped = droppedParameters(*Info);
    if (Dropped.none() || SM.isInSystemHeader(Range.getBegin()))
      return;
    const int Arguments = static_cast<int>(
        std::min(Info->getNumParams(), Args->getNumMacroArguments()));
    for (int I = Dropped.find_first(); I >= 0 && I < Arguments;
         I = Dropped.find_next(I))
      for (const Token *T = Args->getUnexpArgument(I); T->isNot(tok::eof); ++T)
        if (T->is(tok::identifier))
          Out.noteDroppedName(T->getIdentifierInfo(),
                              SM.getFileLoc(T->getLocation()), SM);
  }

  void SourceRangeSkipped(SourceRange Range, SourceLocation) override {
    if (Range.getBegin().isFileID() && !SM.isInSystemHeader(Range.getBegin()))
      Out.noteSkippedBlock(Range, SM);
  }

private:
  /// The parameters \p Info's replacement never names (nor stringifies or
  /// pastes): their arguments vanish from every expansion of it.
  const llvm::SmallBitVector &droppedParameters(const MacroInfo &Info) {
    auto [Slot, Inserted] = DroppedByMacro.try_emplace(&Info);
    if (Inserted) {
      Slot->second.resize(Info.getNumParams(), true);
      for (const Token &T : Info.tokens())
        if (const IdentifierInfo *Name = T.getIdentifierInfo())
          if (const int Parameter = Info.getParameterNum(Name); Parameter >= 0)
            Slot->second.reset(Parameter);
    }
    return Slot->second;
  }

  CompiledOutCode &Out;
  const SourceManager &SM;
  llvm::DenseMap<const MacroInfo *, llvm::SmallBitVector> DroppedByMacro;
};

/// True when the directive line at the lexer's position is `#if 0` or
/// `#if false` (also as `#elif`): a block compiled in no build. Leaves the
/// lexer at the first token after that line.
bool opensDeadBlock(Lexer &Raw, Token &T) {
  llvm::SmallVector<Token, 4> Line;
  do {
    if (Raw.LexFromRawLexer(T))
      return true; // the file ends in the directive: nothing to look at
    if (T.isAtStartOfLine() && !Line.empty())
      break;
    Line.push_back(T);
  } while (true);
  // `#`, the directive's name, its condition.
  if (Line.size() != 3 || !Line[1].is(tok::raw_identifier))
    return false;
  const StringRef Directive = Line[1].getRawIdentifier();
  if (Directive != "if" && Directive != "elif")
    return false;
  const Token &Condition = Line[2];
  const StringRef Text(Condition.getLiteralData(), Condition.getLength());
  return (Condition.is(tok::numeric_constant) && Text == "0") ||
         (Condition.is(tok::raw_identifier) && Text == "false");
}

/// Calls \p Visit at each raw identifier \p Name in the skipped block of
/// \p File from offset \p Begin to \p End.
bool forEachNameInBlock(FileID File, unsigned Begin, unsigned End,
                        const IdentifierInfo &Name, const SourceManager &SM,
                        const LangOptions &LangOpts,
                        llvm::function_ref<bool(SourceLocation)> Visit) {
  bool Invalid = false;
  const StringRef Buffer = SM.getBufferData(File, &Invalid);
  if (Invalid || Begin >= End || End > Buffer.size())
    return true;
  Lexer Raw(SM.getLocForStartOfFile(File), LangOpts, Buffer.begin(),
            Buffer.begin() + Begin, Buffer.end());
  Token T;
  if (opensDeadBlock(Raw, T))
    return true;
  do {
    if (SM.getFileOffset(T.getLocation()) >= End)
      return true;
    if (T.is(tok::raw_identifier) && T.getRawIdentifier() == Name.getName() &&
        !Visit(T.getLocation()))
      return false;
  } while (!Raw.LexFromRawLexer(T));
  return true;
}

} // namespace

void CompiledOutCode::Offsets::add(unsigned Begin, unsigned End) {
  if (!Begins.empty() && Begin < Begins.back())
    Sorted = false;
  Begins.push_back(Begin);
  Ends.push_back(End);
}

std::pair<std::size_t, std::size_t>
CompiledOutCode::Offsets::between(unsigned After, unsigned Before) {
  if (!Sorted) {
    // Rare (a macro argument spelled before its expansion): sort once.
    std::vector<std::size_t> Order(Begins.size());
    std::iota(Order.begin(), Order.end(), 0);
    llvm::stable_sort(Order, [&](std::size_t A, std::size_t B) {
      return Begins[A] < Begins[B];
    });
    std::vector<unsigned> SortedBegins, SortedEnds;
    for (std::size_t I : Order) {
      SortedBegins.push_back(Begins[I]);
      SortedEnds.push_back(Ends[I]);
    }
    Begins = std::move(SortedBegins);
    Ends = std::move(SortedEnds);
    Sorted = true;
  }
  const auto First = llvm::upper_bound(Begins, After);
  const auto Last = std::lower_bound(First, Begins.end(), Before);
  return {static_cast<std::size_t>(First - Begins.begin()),
          static_cast<std::size_t>(Last - Begins.begin())};
}

void CompiledOutCode::noteDroppedName(const IdentifierInfo *Name,
                                      SourceLocation At,
                                      const SourceManager &SM) {
  const auto [File, Offset] = SM.getDecomposedLoc(At);
  DroppedNames[{Name, File}].add(Offset);
}

void CompiledOutCode::noteSkippedBlock(SourceRange Block,
                                       const SourceManager &SM) {
  const auto [File, Begin] = SM.getDecomposedLoc(Block.getBegin());
  const auto [EndFile, End] = SM.getDecomposedLoc(Block.getEnd());
  if (File == EndFile)
    SkippedBlocks[File].add(Begin, End);
}

std::unique_ptr<PPCallbacks> CompiledOutCode::record(const SourceManager &SM) {
  DroppedNames.clear();
  SkippedBlocks.clear();
  return std::make_unique<Recorder>(*this, SM);
}

void CompiledOutCode::forEachMention(
    const IdentifierInfo &Name, SourceLocation After, SourceLocation Before,
    const SourceManager &SM, const LangOptions &LangOpts,
    llvm::function_ref<bool(SourceLocation)> Visit) const {
  // A function's body is in one file: mentions elsewhere are not compared.
  const auto [File, AfterOffset] = SM.getDecomposedLoc(After);
  const auto [BeforeFile, BeforeOffset] = SM.getDecomposedLoc(Before);
  if (File.isInvalid() || BeforeFile != File)
    return;
  const SourceLocation FileStart = SM.getLocForStartOfFile(File);
  if (auto Found = DroppedNames.find({&Name, File});
      Found != DroppedNames.end()) {
    auto [First, Last] = Found->second.between(AfterOffset, BeforeOffset);
    for (std::size_t I = First; I < Last; ++I)
      if (!Visit(FileStart.getLocWithOffset(Found->second.Begins[I])))
        return;
  }
  if (auto Found = SkippedBlocks.find(File); Found != SkippedBlocks.end()) {
    Offsets &Blocks = Found->second;
    auto [First, Last] = Blocks.between(AfterOffset, BeforeOffset);
    for (std::size_t I = First; I < Last; ++I)
      if (!forEachNameInBlock(File, Blocks.Begins[I], Blocks.Ends[I], Name, SM,
                              LangOpts, Visit))
        return;
  }
}

} // namespace clang::tidy::slicemap::model

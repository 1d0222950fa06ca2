//===--- ContainerTypes.h - container families of a project's own classes -===//
//
// Families ContainerModel.h cannot know from a library's namespace: the
// classes a user names in a check's ContainerTypes option
// (`::mylib::SmallVec=contiguous;::mylib::Tree=node`), and the user
// containers it infers from their shape - a class whose begin() and end()
// return pointers or iterators, with a growing member function (push_back,
// emplace_back, insert, emplace, resize, reserve, append), over exactly one
// data member of a known family and otherwise only scalar members: it
// stores its elements where that member does, so it has that member's
// family.
//
// A check that owns a table puts it in scope (ContainerTypes::Scope) while
// it analyses a function; storageOf() in ContainerModel.h then consults it.
// Answers are cached per class until clear() (each TU).
//
//===----------------------------------------------------------------------===//

#ifndef SLICEMAP_CHECKS_MODEL_CONTAINERTYPES_H
#define SLICEMAP_CHECKS_MODEL_CONTAINERTYPES_H

#include "ContainerModel.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"

#include <optional>
#include <string>

namespace clang {
class NamedDecl;
class Type;

namespace tidy::slicemap::model {

class ContainerTypes {
public:
  /// Reads a ContainerTypes option value: `Name=family` items separated by
  /// semicolons, Name fully qualified (a leading `::` is optional), family
  /// one of familyNames(). Items that do not parse are kept in Invalid.
  explicit ContainerTypes(llvm::StringRef Option);

  /// The family of \p Class (a class or class template): named in the
  /// option, inferred from its shape, or Storage::Unknown.
  Storage storageOf(const NamedDecl *Class) const;
  /// Forgets the classes and types of the previous TU.
  void clear() {
    Known.clear();
    Families.clear();
  }
  /// ContainerModel.cpp's answer for a canonical, non-dependent type, kept
  /// for the TU while this table is in scope: storage and whether it is a
  /// handle (a type is asked about thousands of times per TU).
  struct TypeFamily {
    Storage Kind;
    bool Handle;
  };
  std::optional<TypeFamily> knownFamily(const Type *Canonical) const {
    if (auto Found = Families.find(Canonical); Found != Families.end())
      return Found->second;
    return std::nullopt;
  }
  void rememberFamily(const Type *Canonical, TypeFamily Answer) const {
    Families.try_emplace(Canonical, Answer);
  }

  /// The option items that did not parse, for a configuration diagnostic.
  llvm::ArrayRef<std::string> invalid() const { return Invalid; }
  /// The family names the option accepts, for that diagnostic.
  static llvm::StringRef familyNames();

  /// The table in scope on this thread, if any.
  static const ContainerTypes *current();

  /// Puts a table in scope for its lifetime (restoring the previous one).
  class Scope {
  public:
    explicit Scope(const ContainerTypes &Table);
    ~Scope();
    Scope(const Scope &) = delete;
    Scope &operator=(const Scope &) = delete;

  private:
    const ContainerTypes *Previous;
  };

private:
  Storage lookup(const NamedDecl *Class) const;

  llvm::StringMap<Storage> Named;
  llvm::SmallVector<std::string, 0> Invalid;
  mutable llvm::DenseMap<const NamedDecl *, Storage> Known;
  mutable llvm::DenseMap<const Type *, TypeFamily> Families;
};

} // namespace tidy::slicemap::model
} // namespace clang

#endif // SLICEMAP_CHECKS_MODEL_CONTAINERTYPES_H

//===--- ContainerTypes.cpp - container families of a project's classes ---===//

#include "ContainerTypes.h"

#include "Options.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/DeclTemplate.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/StringSwitch.h"

namespace clang::tidy::slicemap::model {

namespace {

thread_local const ContainerTypes *InScope = nullptr;

Storage familyNamed(llvm::StringRef Name) {
  return llvm::StringSwitch<Storage>(Name.trim().lower())
      .Case("contiguous", Storage::Contiguous)
      .Case("deque", Storage::Deque)
      .Case("node", Storage::NodeBased)
      .Case("hashed-node", Storage::HashedNodes)
      .Case("sorted-array", Storage::SortedArray)
      .Case("open-addressing", Storage::OpenAddressing)
      .Case("fixed", Storage::Fixed)
      .Default(Storage::Unknown);
}

/// True for a return type an iterator-returning begin()/end() can have.
bool returnsPosition(const CXXMethodDecl *Method) {
  const QualType Type = Method->getReturnType();
  return Type->isPointerType() || Type->isRecordType() ||
         Type->isDependentType() || Type->isUndeducedType();
}

bool isGrowingMethod(llvm::StringRef Name) {
  return llvm::StringSwitch<bool>(Name)
      .Cases({"push_back", "emplace_back", "insert", "emplace", "resize",
              "reserve", "append"},
             true)
      .Default(false);
}

/// True when \p Record's members have the shape of a container: begin() and
/// end() that return positions, and a member function that grows it.
bool hasContainerInterface(const CXXRecordDecl &Record) {
  bool Begin = false, End = false, Grows = false;
  auto Note = [&](const CXXMethodDecl *Method) {
    if (!Method || Method->isStatic() || !Method->getIdentifier())
      return;
    const llvm::StringRef Name = Method->getName();
    if (Name == "begin" && returnsPosition(Method))
      Begin = true;
    else if (Name == "end" && returnsPosition(Method))
      End = true;
    else if (isGrowingMethod(Name))
      Grows = true;
  };
  for (const Decl *Member : Record.decls()) {
    if (const auto *Template = dyn_cast<FunctionTemplateDecl>(Member))
      Note(dyn_cast<CXXMethodDecl>(Template->getTemplatedDecl()));
    else
      Note(dyn_cast<CXXMethodDecl>(Member));
  }
  return Begin && End && Grows;
}

/// The family of the one data member that holds \p Record's elements, if
/// every other data member is a scalar.
Storage elementMemberFamily(const CXXRecordDecl &Record) {
  Storage Found = Storage::Unknown;
  for (const FieldDecl *Field : Record.fields()) {
    const QualType Type = Field->getType();
    if (Type->isScalarType() && !Type->isPointerType())
      continue;
    const Storage Kind = model::storageOf(Type);
    if (!ownsElements(Kind) || Found != Storage::Unknown)
      return Storage::Unknown;
    Found = Kind;
  }
  return Found;
}

Storage inferredFamily(const NamedDecl *Class) {
  const CXXRecordDecl *Record = dyn_cast<CXXRecordDecl>(Class);
  if (const auto *Template = dyn_cast<ClassTemplateDecl>(Class))
    Record = Template->getTemplatedDecl();
  if (!Record)
    return Storage::Unknown;
  Record = Record->getDefinition();
  if (!Record || Record->isLambda() || Record->isUnion() ||
      Record->getASTContext().getSourceManager().isInSystemHeader(
          Record->getLocation()) ||
      !hasContainerInterface(*Record))
    return Storage::Unknown;
  return elementMemberFamily(*Record);
}

} // namespace

ContainerTypes::ContainerTypes(llvm::StringRef Option) {
  for (llvm::StringRef Item : parseList(Option)) {
    auto [Name, Family] = Item.split('=');
    Name = Name.trim();
    Name.consume_front("::");
    const Storage Kind = familyNamed(Family);
    if (Name.empty() || Kind == Storage::Unknown)
      Invalid.push_back(Item.str());
    else
      Named[Name] = Kind;
  }
}

llvm::StringRef ContainerTypes::familyNames() {
  return "contiguous, deque, node, hashed-node, sorted-array, "
         "open-addressing, fixed";
}

Storage ContainerTypes::storageOf(const NamedDecl *Class) const {
  if (!Class)
    return Storage::Unknown;
  Class = cast<NamedDecl>(Class->getCanonicalDecl());
  if (auto Found = Known.find(Class); Found != Known.end())
    return Found->second;
  // A class that (indirectly) holds itself sees Unknown meanwhile.
  Known[Class] = Storage::Unknown;
  const Storage Kind = lookup(Class);
  Known[Class] = Kind;
  return Kind;
}

Storage ContainerTypes::lookup(const NamedDecl *Class) const {
  if (!Named.empty())
    if (auto Found = Named.find(Class->getQualifiedNameAsString());
        Found != Named.end())
      return Found->second;
  return inferredFamily(Class);
}

const ContainerTypes *ContainerTypes::current() { return InScope; }

ContainerTypes::Scope::Scope(const ContainerTypes &Table) : Previous(InScope) {
  InScope = &Table;
}

ContainerTypes::Scope::~Scope() { InScope = Previous; }

} // namespace clang::tidy::slicemap::model

//===--- ObjectSections.cpp - a compartment's data sections in objects ---===//
// SPDX-License-Identifier: Apache-2.0
//===----------------------------------------------------------------------===//
#include "flexcc/ObjectSections.h"
#include "backends/Layout.h"
#include "llvm/BinaryFormat/ELF.h"
#include "llvm/Object/ELFObjectFile.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/Error.h"

using namespace llvm;

namespace flexcc {

bool readOwnableSections(StringRef Path, std::vector<std::string> &Names,
                         std::string &Problem) {
  Expected<object::OwningBinary<object::ObjectFile>> Obj =
      object::ObjectFile::createObjectFile(Path);
  if (!Obj) {
    Problem = "cannot read object '" + Path.str() +
              "': " + toString(Obj.takeError());
    return false;
  }
  for (const object::SectionRef &S : Obj->getBinary()->sections()) {
    Expected<StringRef> Name = S.getName();
    if (!Name) {
      Problem = "cannot read the sections of '" + Path.str() +
                "': " + toString(Name.takeError());
      return false;
    }
    if (isa<object::ELFObjectFileBase>(Obj->getBinary()) &&
        (object::ELFSectionRef(S).getFlags() & ELF::SHF_GROUP))
      continue;
    Names.push_back(Name->str());
  }
  return true;
}

std::vector<std::string>
compartmentRenameArgs(StringRef Comp, const std::vector<std::string> &Names) {
  std::vector<std::string> Args;
  for (const std::string &N : Names) {
    std::string To = backends::compartmentSectionName(Comp, N);
    if (!To.empty())
      Args.insert(Args.end(), {"--rename-section", N + "=" + To});
  }
  return Args;
}

std::vector<std::string> compartmentRuntimeArgs(unsigned Index) {
  static const char *const Family[] = {
      "malloc",        "calloc",   "realloc", "free", "posix_memalign",
      "aligned_alloc", "memalign", "malloc_usable_size"};
  std::vector<std::string> Args;
  for (const char *F : Family)
    Args.insert(Args.end(), {"--redefine-sym", std::string(F) + "=__flexcc_" +
                                                   F + "_c" +
                                                   std::to_string(Index)});
  // Threads get stacks with data shadow stacks (runtime/include/flexcc/dss.h).
  for (const char *F : {"pthread_create", "pthread_join", "pthread_detach"})
    Args.insert(Args.end(),
                {"--redefine-sym", std::string(F) + "=flexcc_" + F});
  return Args;
}

} // namespace flexcc

#===--- cmake/FlexccClang.cmake - how flexcc links to Clang and LLVM -----===#
# SPDX-License-Identifier: Apache-2.0
#
# flexcc_link_clang(<target>) links a target against Clang's tooling libraries
# and LLVM, as shared libraries by default (FLEXCC_LINK_CLANG_DYLIB) because
# that links in seconds instead of minutes.
#
# FLEXCC_CLANG_RESOURCE_DIR is the resource directory of the Clang we link
# (builtin headers such as stddef.h); flexcc's own parse needs it.
#===----------------------------------------------------------------------===#
set(FLEXCC_CLANG_RESOURCE_DIR
    "${LLVM_LIBRARY_DIR}/clang/${LLVM_PACKAGE_VERSION}")
if(NOT EXISTS "${FLEXCC_CLANG_RESOURCE_DIR}/include/stddef.h")
  # LLVM 16 and later name the directory after the major version only.
  set(FLEXCC_CLANG_RESOURCE_DIR "${LLVM_LIBRARY_DIR}/clang/${LLVM_VERSION_MAJOR}")
endif()
if(NOT EXISTS "${FLEXCC_CLANG_RESOURCE_DIR}/include/stddef.h")
  message(FATAL_ERROR "flexcc: no Clang resource directory under ${LLVM_LIBRARY_DIR}/clang")
endif()
message(STATUS "flexcc: Clang resource directory ${FLEXCC_CLANG_RESOURCE_DIR}")

function(flexcc_link_clang target)
  target_include_directories(${target} SYSTEM PUBLIC ${LLVM_INCLUDE_DIRS} ${CLANG_INCLUDE_DIRS})
  target_compile_definitions(${target} PUBLIC ${LLVM_DEFINITIONS})
  if(FLEXCC_LINK_CLANG_DYLIB)
    target_link_libraries(${target} PUBLIC clang-cpp LLVM)
  else()
    target_link_libraries(${target} PUBLIC
      clangTooling clangFrontend clangDriver clangSerialization clangParse
      clangSema clangAnalysis clangAST clangASTMatchers clangEdit clangLex
      clangBasic clangRewrite clangToolingCore LLVMSupport LLVMObject LLVMOption)
  endif()
endfunction()

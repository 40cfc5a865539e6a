#===--- Packaging.cmake - install rules beyond the targets', and CPack ------===#
# SPDX-License-Identifier: Apache-2.0
#
# Included at the end of the top-level CMakeLists.txt, once every target
# exists. flexcc/ and runtime/ install bin/flexcc, lib/libflexcc-rt.a and
# include/ (flexos.h, flexcc/*.h) themselves; this adds:
#
#   lib/libflexcc-<mechanism>.a   the mechanisms' runtimes, for those built
#   lib/cmake/FlexOS/             the CMake package (find_package(FlexOS)) and
#                                 flexos-toolchain.cmake
#   share/doc/flexcc/             docs/
#
# The layout is fixed (bin, lib, include: no GNUInstallDirs multiarch libdir):
# flexcc finds its runtime in <bin>/../lib and its headers in <bin>/../include.
#
# CPack: 'cpack -G DEB' in the build directory makes flexcc_<version>_<arch>.deb,
# installed below /usr. docs/build-integration.md has the commands.
#===----------------------------------------------------------------------===#
if(NOT TARGET flexcc OR NOT TARGET flexcc-rt)
  message(FATAL_ERROR "cmake/Packaging.cmake must be included after "
    "add_subdirectory(flexcc) and add_subdirectory(runtime)")
endif()

include(CMakePackageConfigHelpers)

set(FLEXOS_INSTALL_BINDIR bin)
set(FLEXOS_INSTALL_LIBDIR lib)
set(FLEXOS_INSTALL_INCLUDEDIR include)
set(FLEXOS_INSTALL_CMAKEDIR lib/cmake/FlexOS)
set(FLEXOS_INSTALL_DOCDIR share/doc/flexcc)

# The mechanisms' runtimes (backends/<mechanism>/ builds them as the target
# flexcc-<mechanism>, output libflexcc-<mechanism>.a), for those that exist.
foreach(mech none mpk ept)
  if(TARGET flexcc-${mech})
    install(TARGETS flexcc-${mech} ARCHIVE DESTINATION ${FLEXOS_INSTALL_LIBDIR})
  endif()
endforeach()

# The CMake package.
set(_flexos_pkgdir "${PROJECT_BINARY_DIR}/cmake/FlexOS")
configure_package_config_file(
  "${PROJECT_SOURCE_DIR}/cmake/FlexOSConfig.cmake.in"
  "${_flexos_pkgdir}/FlexOSConfig.cmake"
  INSTALL_DESTINATION ${FLEXOS_INSTALL_CMAKEDIR}
  PATH_VARS FLEXOS_INSTALL_BINDIR FLEXOS_INSTALL_LIBDIR FLEXOS_INSTALL_INCLUDEDIR)
# 0.x: a minor version may change the interface.
write_basic_package_version_file("${_flexos_pkgdir}/FlexOSConfigVersion.cmake"
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
    "${_flexos_pkgdir}/FlexOSConfig.cmake"
    "${_flexos_pkgdir}/FlexOSConfigVersion.cmake"
    "${PROJECT_SOURCE_DIR}/cmake/FlexccImage.cmake"
    "${PROJECT_SOURCE_DIR}/cmake/FlexccArgs.cmake"
    "${PROJECT_SOURCE_DIR}/cmake/flexos-toolchain.cmake"
  DESTINATION ${FLEXOS_INSTALL_CMAKEDIR})
unset(_flexos_pkgdir)

install(DIRECTORY "${PROJECT_SOURCE_DIR}/docs/"
  DESTINATION ${FLEXOS_INSTALL_DOCDIR})

# CPack: the Debian package. flexcc is built against one LLVM/Clang
# (FLEXCC_LLVM_VERSION) and runs its clang, its objcopy and its libraries.
set(CPACK_PACKAGE_NAME flexcc)
set(CPACK_PACKAGE_VENDOR "flexcc developers")
set(FLEXCC_PACKAGE_CONTACT "flexcc developers" CACHE STRING
  "The Maintainer of the flexcc .deb")
set(CPACK_PACKAGE_CONTACT "${FLEXCC_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
  "FlexOS porting compiler: builds C/C++ programs as compartmentalised images")
set(CPACK_PACKAGE_DESCRIPTION
  "flexcc behaves like cc and builds a program, annotated with the FlexOS porting API (flexos.h), as an image whose libraries are placed in compartments by a YAML configuration. This package holds flexcc, its runtime library and headers, a CMake toolchain file and the FlexOS CMake package.")
set(CPACK_PACKAGE_FILE_NAME "${CPACK_PACKAGE_NAME}_${PROJECT_VERSION}")
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # flexcc_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
# Run-time needs, checked with ldd/dpkg -S on the Debian bookworm build:
# the real compiler clang-N (with libclang-common-N-dev: the resource
# directory flexcc parses with), libclang-cpp.so.N and libLLVM-N.so.1 that
# flexcc links, yaml-cpp, and binutils' objcopy.
set(FLEXCC_DEB_DEPENDS
  "clang-${FLEXCC_LLVM_VERSION}, libclang-common-${FLEXCC_LLVM_VERSION}-dev, libclang-cpp${FLEXCC_LLVM_VERSION}, libllvm${FLEXCC_LLVM_VERSION}, libyaml-cpp0.7, binutils, libc6, libstdc++6, libgcc-s1"
  CACHE STRING "The Depends field of the flexcc .deb")
set(CPACK_DEBIAN_PACKAGE_DEPENDS "${FLEXCC_DEB_DEPENDS}")
# clang's sanitizer and safe-stack runtimes: per-compartment hardening.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "libclang-rt-${FLEXCC_LLVM_VERSION}-dev, libseccomp-dev")
include(CPack)

#===--- flexos-toolchain.cmake - build a CMake project as a FlexOS image ---===#
# SPDX-License-Identifier: Apache-2.0
#
#   cmake -S <project> -B <build> \
#         -DCMAKE_TOOLCHAIN_FILE=<prefix>/lib/cmake/FlexOS/flexos-toolchain.cmake \
#         -DFLEXOS_CONFIG=<image config .yaml> \
#         [-DFLEXOS_MECHANISM=none|mpk|ept] [-DFLEXOS_SHARING=dss|heap] \
#         [-DFLEXOS_REAL_CC=<cc>] [-DFLEXOS_REAL_CXX=<c++>] [-DFLEXOS_FLEXCC=<flexcc>]
#         [-DFLEXOS_RUNTIME_DIR=<dir holding libflexcc-<mechanism>.a>]
#
# Makes flexcc (flexcc++ for C++) the project's compiler, with the image's
# options on every compile and link line (CMake keeps them as
# CMAKE_<LANG>_COMPILER_ARG1), so an existing CMakeLists.txt builds its
# executables as images unchanged.
# docs/build-integration.md has the details and the limits.
#
# flexcc is FLEXOS_FLEXCC if set, else the flexcc installed next to this file
# (<prefix>/bin/flexcc for <prefix>/lib/cmake/FlexOS/flexos-toolchain.cmake),
# else the one of the source tree's build directory (<source>/build/flexcc).
#
# CMake reads a toolchain file again in every try_compile project; the FLEXOS_*
# variables reach those through CMAKE_TRY_COMPILE_PLATFORM_VARIABLES.
#===----------------------------------------------------------------------===#
set(_flexos_vars FLEXOS_CONFIG FLEXOS_MECHANISM FLEXOS_SHARING FLEXOS_REAL_CC
    FLEXOS_REAL_CXX FLEXOS_FLEXCC FLEXOS_RUNTIME_DIR)
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES ${_flexos_vars})
list(REMOVE_DUPLICATES CMAKE_TRY_COMPILE_PLATFORM_VARIABLES)

# The configuration: FLEXOS_CONFIG, or the environment's FLEXOS_CONFIG (which
# flexcc itself reads) at the first configure. A relative path given on the
# command line is made absolute against the directory cmake runs in.
if(NOT FLEXOS_CONFIG AND DEFINED ENV{FLEXOS_CONFIG})
  set(FLEXOS_CONFIG "$ENV{FLEXOS_CONFIG}")
endif()
set(FLEXOS_CONFIG "${FLEXOS_CONFIG}" CACHE FILEPATH
    "The FlexOS image configuration (YAML) that flexcc builds this project for")
if(NOT FLEXOS_CONFIG)
  message(FATAL_ERROR
    "flexos-toolchain.cmake: no image configuration. Pass "
    "-DFLEXOS_CONFIG=<config.yaml> (or set the environment variable "
    "FLEXOS_CONFIG) when configuring with this toolchain file.")
endif()
get_filename_component(_flexos_config "${FLEXOS_CONFIG}" ABSOLUTE)
if(NOT EXISTS "${_flexos_config}" OR IS_DIRECTORY "${_flexos_config}")
  message(FATAL_ERROR
    "flexos-toolchain.cmake: FLEXOS_CONFIG names '${FLEXOS_CONFIG}', "
    "which is not a file.")
endif()
if(_flexos_config MATCHES "[ \t;\"']")
  message(FATAL_ERROR
    "flexos-toolchain.cmake: the path of FLEXOS_CONFIG ('${_flexos_config}') "
    "has a blank, a quote or a ';'; CMake passes the compiler's arguments "
    "unquoted, so move the configuration to a plainer path.")
endif()

set(FLEXOS_MECHANISM "${FLEXOS_MECHANISM}" CACHE STRING
    "Override the configuration's isolation mechanism: none, mpk or ept (empty: the config's)")
set_property(CACHE FLEXOS_MECHANISM PROPERTY STRINGS "" none mpk ept)
set(FLEXOS_SHARING "${FLEXOS_SHARING}" CACHE STRING
    "Override the configuration's sharing strategy: dss or heap (empty: the config's)")
set_property(CACHE FLEXOS_SHARING PROPERTY STRINGS "" dss heap)
set(FLEXOS_REAL_CC "${FLEXOS_REAL_CC}" CACHE STRING
    "The real C compiler flexcc runs (--cc; empty: flexcc's default, the clang it was built with)")
set(FLEXOS_REAL_CXX "${FLEXOS_REAL_CXX}" CACHE STRING
    "The real C++ compiler flexcc runs (--cxx; empty: the one that goes with the C compiler)")
set(FLEXOS_RUNTIME_DIR "${FLEXOS_RUNTIME_DIR}" CACHE PATH
    "Where flexcc looks first for the mechanisms' runtimes, libflexcc-<mechanism>.a (--runtime-dir)")
if(FLEXOS_MECHANISM AND NOT FLEXOS_MECHANISM MATCHES "^(none|mpk|ept)$")
  message(FATAL_ERROR "flexos-toolchain.cmake: FLEXOS_MECHANISM is "
    "'${FLEXOS_MECHANISM}'; expected none, mpk or ept")
endif()
if(FLEXOS_SHARING AND NOT FLEXOS_SHARING MATCHES "^(dss|heap)$")
  message(FATAL_ERROR "flexos-toolchain.cmake: FLEXOS_SHARING is "
    "'${FLEXOS_SHARING}'; expected dss or heap")
endif()

# flexcc itself.
if(NOT FLEXOS_FLEXCC)
  foreach(_flexos_candidate
      "${CMAKE_CURRENT_LIST_DIR}/../../../bin/flexcc" # <prefix>/lib/cmake/FlexOS
      "${CMAKE_CURRENT_LIST_DIR}/../build/flexcc/flexcc") # the source tree
    get_filename_component(_flexos_candidate "${_flexos_candidate}" ABSOLUTE)
    if(EXISTS "${_flexos_candidate}" AND NOT IS_DIRECTORY "${_flexos_candidate}")
      set(FLEXOS_FLEXCC "${_flexos_candidate}")
      break()
    endif()
  endforeach()
endif()
set(FLEXOS_FLEXCC "${FLEXOS_FLEXCC}" CACHE FILEPATH "The flexcc executable")
if(NOT FLEXOS_FLEXCC OR NOT EXISTS "${FLEXOS_FLEXCC}")
  message(FATAL_ERROR
    "flexos-toolchain.cmake: cannot find flexcc next to this toolchain file "
    "('${CMAKE_CURRENT_LIST_DIR}'); pass -DFLEXOS_FLEXCC=<path to flexcc>.")
endif()

include("${CMAKE_CURRENT_LIST_DIR}/FlexccArgs.cmake")
flexcc_options(_flexos_args CONFIG "${_flexos_config}"
  MECHANISM "${FLEXOS_MECHANISM}" SHARING "${FLEXOS_SHARING}"
  RUNTIME_DIR "${FLEXOS_RUNTIME_DIR}"
  CC "${FLEXOS_REAL_CC}" CXX "${FLEXOS_REAL_CXX}")
foreach(_flexos_arg IN LISTS _flexos_args)
  if(_flexos_arg MATCHES "[ \t;\"']")
    message(FATAL_ERROR "flexos-toolchain.cmake: '${_flexos_arg}' has a "
      "blank or a quote; CMake passes compiler arguments unquoted.")
  endif()
endforeach()

# A list: CMake keeps the first item as the compiler and the rest as
# CMAKE_<LANG>_COMPILER_ARG1, on every compile and link line.
# C++ goes through flexcc++ (flexcc as a C++ driver, as g++ is to gcc) where
# it exists next to flexcc.
set(CMAKE_C_COMPILER "${FLEXOS_FLEXCC}" ${_flexos_args})
if(EXISTS "${FLEXOS_FLEXCC}++")
  set(CMAKE_CXX_COMPILER "${FLEXOS_FLEXCC}++" ${_flexos_args})
else()
  set(CMAKE_CXX_COMPILER "${FLEXOS_FLEXCC}" ${_flexos_args})
endif()

# For the project, should it want to know.
set(FLEXOS_TOOLCHAIN ON)
unset(_flexos_vars)
unset(_flexos_candidate)
unset(_flexos_arg)

#===--- FlexccArgs.cmake - flexcc's own options, from CMake settings -------===#
# SPDX-License-Identifier: Apache-2.0
#
# Included by FlexccImage.cmake (flexos_add_image) and flexos-toolchain.cmake,
# and installed with them.
#
#   flexcc_options(<out> CONFIG <abs path> [MECHANISM m] [SHARING s]
#                  [RUNTIME_DIR dir] [CC cc] [CXX cxx])
#
# sets <out> to the list of flexcc options they give: --config=, then
# --mechanism=, --sharing=, --runtime-dir= (made absolute), --cc=, --cxx= for
# those that are set.
#===----------------------------------------------------------------------===#
include_guard(GLOBAL)

function(flexcc_options out)
  cmake_parse_arguments(PARSE_ARGV 1 O "" "CONFIG;MECHANISM;SHARING;RUNTIME_DIR;CC;CXX" "")
  set(args "--config=${O_CONFIG}")
  if(O_MECHANISM)
    list(APPEND args "--mechanism=${O_MECHANISM}")
  endif()
  if(O_SHARING)
    list(APPEND args "--sharing=${O_SHARING}")
  endif()
  if(O_RUNTIME_DIR)
    get_filename_component(rtdir "${O_RUNTIME_DIR}" ABSOLUTE)
    list(APPEND args "--runtime-dir=${rtdir}")
  endif()
  if(O_CC)
    list(APPEND args "--cc=${O_CC}")
  endif()
  if(O_CXX)
    list(APPEND args "--cxx=${O_CXX}")
  endif()
  set(${out} "${args}" PARENT_SCOPE)
endfunction()

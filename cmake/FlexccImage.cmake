#===--- FlexccImage.cmake - build images with flexcc from CMake ------------===#
# SPDX-License-Identifier: Apache-2.0
#
# Used by flexcc's own build (examples/) and installed with the FlexOS CMake
# package (find_package(FlexOS) includes it). flexcc is the imported target
# FlexOS::flexcc when the package defines it, else the build's target flexcc.
# docs/build-integration.md documents both functions.
#===----------------------------------------------------------------------===#
include_guard(GLOBAL)
include("${CMAKE_CURRENT_LIST_DIR}/FlexccArgs.cmake")

# The flexcc target both functions run.
function(_flexos_flexcc_target out)
  if(TARGET FlexOS::flexcc)
    set(${out} FlexOS::flexcc PARENT_SCOPE)
  elseif(TARGET flexcc)
    set(${out} flexcc PARENT_SCOPE)
  else()
    message(FATAL_ERROR "FlexccImage.cmake: no flexcc target; "
      "use find_package(FlexOS) first")
  endif()
endfunction()

# flexcc_add_image(<name> CONFIG <flexcc.yaml> SOURCES <src>...
#                  [MECHANISM none|mpk|ept] [FLAGS <cc option>...])
#
# Builds the image <name> in the current binary directory the way a user's
# make or CMake build drives flexcc: one 'flexcc -c' per source (with a
# depfile, so header edits rebuild), then one 'flexcc' link. Adds the target
# <name>-image (part of ALL) and sets <name>_IMAGE, in the caller's scope, to the
# image's path.
function(flexcc_add_image name)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "CONFIG;MECHANISM" "SOURCES;FLAGS")
  if(NOT ARG_CONFIG OR NOT ARG_SOURCES)
    message(FATAL_ERROR "flexcc_add_image(${name}): CONFIG and SOURCES are required")
  endif()
  if(NOT ARG_MECHANISM)
    set(ARG_MECHANISM none)
  endif()
  if(NOT DEFINED ARG_FLAGS)
    set(ARG_FLAGS -O2 -g -Wall)
  endif()
  _flexos_flexcc_target(tool)
  get_filename_component(config "${ARG_CONFIG}" ABSOLUTE)
  set(flexcc "$<TARGET_FILE:${tool}>")
  # A target of this build: a target-level dependency too; imported: its file.
  get_target_property(imported ${tool} IMPORTED)
  if(imported)
    set(dep "${flexcc}")
  else()
    set(dep ${tool})
  endif()
  set(common --config=${config} --mechanism=${ARG_MECHANISM} ${ARG_FLAGS})
  set(objdir "${CMAKE_CURRENT_BINARY_DIR}/${name}.objs")
  set(objects)
  foreach(src IN LISTS ARG_SOURCES)
    get_filename_component(abs "${src}" ABSOLUTE)
    file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${abs}")
    set(obj "${objdir}/${rel}.o")
    get_filename_component(dir "${obj}" DIRECTORY)
    file(MAKE_DIRECTORY "${dir}")
    add_custom_command(OUTPUT "${obj}"
      COMMAND "${flexcc}" ${common} -c "${abs}" -o "${obj}" -MD -MF "${obj}.d"
      DEPENDS "${abs}" "${config}" ${dep}
      DEPFILE "${obj}.d"
      COMMENT "flexcc -c ${rel} (${name}, ${ARG_MECHANISM})"
      VERBATIM)
    list(APPEND objects "${obj}")
  endforeach()
  set(image "${CMAKE_CURRENT_BINARY_DIR}/${name}")
  add_custom_command(OUTPUT "${image}"
    COMMAND "${flexcc}" ${common} ${objects} -o "${image}"
    DEPENDS ${objects} "${config}" ${dep}
    COMMENT "flexcc: linking the image ${name} (${ARG_MECHANISM})"
    VERBATIM)
  add_custom_target(${name}-image ALL DEPENDS "${image}")
  set(${name}_IMAGE "${image}" PARENT_SCOPE)
endfunction()

# flexos_add_image(<target> CONFIG <config.yaml> [MECHANISM none|mpk|ept]
#                  [SHARING dss|heap] [RUNTIME_DIR <dir>] [CC <cc>] [CXX <c++>])
#
# Turns the existing executable <target> into a FlexOS image for the config:
# its sources and those of the static and object libraries it links (those of
# this project, found through their link dependencies when the top-level
# CMakeLists.txt has been read) compile with flexcc, and flexcc links it. The
# real compiler is the project's own (CMAKE_C_COMPILER, CMAKE_CXX_COMPILER)
# unless CC/CXX name another.
#
# How: each of those targets gets a generated launcher script as its
# <LANG>_COMPILER_LAUNCHER and <LANG>_LINKER_LAUNCHER; CMake runs
# 'sh <script> --cc <real compiler> <args>' and the script runs
# 'flexcc --config=... --cc=<real compiler> <args>'. A library can belong to
# one image configuration only (it is compiled for it).
function(flexos_add_image target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG ""
    "CONFIG;MECHANISM;SHARING;RUNTIME_DIR;CC;CXX" "")
  set(where "flexos_add_image(${target})")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "${where}: unknown arguments: ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT TARGET "${target}")
    message(FATAL_ERROR "${where}: no target '${target}'")
  endif()
  get_target_property(type "${target}" TYPE)
  get_target_property(imported "${target}" IMPORTED)
  get_target_property(aliased "${target}" ALIASED_TARGET)
  if(NOT type STREQUAL "EXECUTABLE" OR imported OR aliased)
    message(FATAL_ERROR "${where}: '${target}' is not an executable target of "
      "this project (it is ${type})")
  endif()
  if(NOT ARG_CONFIG)
    message(FATAL_ERROR "${where}: CONFIG <config.yaml> is required")
  endif()
  get_filename_component(config "${ARG_CONFIG}" ABSOLUTE)
  if(NOT EXISTS "${config}" OR IS_DIRECTORY "${config}")
    message(FATAL_ERROR "${where}: the config '${ARG_CONFIG}' is not a file")
  endif()
  if(ARG_MECHANISM AND NOT ARG_MECHANISM MATCHES "^(none|mpk|ept)$")
    message(FATAL_ERROR "${where}: MECHANISM '${ARG_MECHANISM}'; expected none, mpk or ept")
  endif()
  if(ARG_SHARING AND NOT ARG_SHARING MATCHES "^(dss|heap)$")
    message(FATAL_ERROR "${where}: SHARING '${ARG_SHARING}'; expected dss or heap")
  endif()
  _flexos_flexcc_target(tool)

  flexcc_options(args CONFIG "${config}" MECHANISM "${ARG_MECHANISM}"
    SHARING "${ARG_SHARING}" RUNTIME_DIR "${ARG_RUNTIME_DIR}"
    CC "${ARG_CC}" CXX "${ARG_CXX}")
  set(quoted "")
  foreach(a IN LISTS args)
    if(a MATCHES "'")
      message(FATAL_ERROR "${where}: '${a}' has a single quote")
    endif()
    string(APPEND quoted " '${a}'")
  endforeach()
  # CMake passes the real compiler first; an explicit CC/CXX wins over it.
  set(script "${CMAKE_CURRENT_BINARY_DIR}/flexos-image-${target}.sh")
  file(GENERATE OUTPUT "${script}" CONTENT "#!/bin/sh
# Generated by ${where}: CMake runs
# 'sh ${script} --cc|--cxx <real compiler> <compiler arguments>'.
# C++ through flexcc++ (flexcc as a C++ driver) where it exists.
opt=\$1 real=\$2
shift 2
flexcc='$<TARGET_FILE:${tool}>'
if [ \"\$opt\" = --cxx ] && [ -e \"\$flexcc++\" ]; then flexcc=\"\$flexcc++\"; fi
exec \"\$flexcc\"${quoted} \"\$opt=\$real\" \"\$@\"
")
  set_target_properties("${target}" PROPERTIES
    FLEXOS_IMAGE_CONFIG "${config}"
    FLEXOS_IMAGE_SCRIPT "${script}"
    FLEXOS_IMAGE_OF "${target}")
  set_property(TARGET "${target}" APPEND PROPERTY LINK_DEPENDS "${config}")
  _flexos_image_apply("${target}" "${target}")
  # The libraries it links are known once every target_link_libraries has
  # run: at the end of the top-level CMakeLists.txt.
  cmake_language(EVAL CODE "cmake_language(DEFER DIRECTORY [==[${CMAKE_SOURCE_DIR}]==] CALL _flexos_image_closure [==[${target}]==])")
endfunction()

# Makes <tgt> compile (and link) through the launcher of image <image>.
function(_flexos_image_apply tgt image)
  get_target_property(script "${image}" FLEXOS_IMAGE_SCRIPT)
  get_target_property(config "${image}" FLEXOS_IMAGE_CONFIG)
  get_target_property(other "${tgt}" FLEXOS_IMAGE_OF)
  if(other AND NOT other STREQUAL image)
    get_target_property(other_config "${other}" FLEXOS_IMAGE_CONFIG)
    if(NOT other_config STREQUAL config)
      message(FATAL_ERROR "flexos_add_image(${image}): the library '${tgt}' "
        "is already compiled for the image '${other}' (${other_config}); a "
        "library can be part of images of one configuration only")
    endif()
    return()
  endif()
  set_target_properties("${tgt}" PROPERTIES
    FLEXOS_IMAGE_OF "${image}"
    C_COMPILER_LAUNCHER "/bin/sh;${script};--cc"
    CXX_COMPILER_LAUNCHER "/bin/sh;${script};--cxx"
    C_LINKER_LAUNCHER "/bin/sh;${script};--cc"
    CXX_LINKER_LAUNCHER "/bin/sh;${script};--cxx")
  _flexos_flexcc_target(tool)
  get_target_property(tool_imported ${tool} IMPORTED)
  if(NOT tool_imported)
    add_dependencies("${tgt}" ${tool})
  endif()
  # A changed config recompiles: it decides every gate's rewrite.
  get_target_property(sources "${tgt}" SOURCES)
  get_target_property(srcdir "${tgt}" SOURCE_DIR)
  foreach(src IN LISTS sources)
    if(src MATCHES "\\$<" OR NOT src MATCHES "\\.(c|cc|cpp|cxx|c\\+\\+|C|i|ii)$")
      continue()
    endif()
    get_filename_component(src "${src}" ABSOLUTE BASE_DIR "${srcdir}")
    set_property(SOURCE "${src}" TARGET_DIRECTORY "${tgt}" APPEND PROPERTY
      OBJECT_DEPENDS "${config}")
  endforeach()
endfunction()

# The static and object libraries of this project that <image> links,
# transitively, compile for it too.
function(_flexos_image_closure image)
  set(todo "${image}")
  set(seen "")
  while(todo)
    list(POP_FRONT todo tgt)
    foreach(prop LINK_LIBRARIES INTERFACE_LINK_LIBRARIES)
      get_target_property(libs "${tgt}" ${prop})
      if(NOT libs)
        continue()
      endif()
      foreach(lib IN LISTS libs)
        if(lib MATCHES "^\\$<LINK_ONLY:([^>]+)>$")
          set(lib "${CMAKE_MATCH_1}")
        endif()
        if(NOT TARGET "${lib}" OR lib IN_LIST seen)
          continue()
        endif()
        list(APPEND seen "${lib}")
        get_target_property(real "${lib}" ALIASED_TARGET)
        if(real)
          set(lib "${real}")
        endif()
        get_target_property(imported "${lib}" IMPORTED)
        get_target_property(type "${lib}" TYPE)
        if(imported OR NOT type MATCHES "^(STATIC_LIBRARY|OBJECT_LIBRARY|INTERFACE_LIBRARY)$")
          continue()
        endif()
        if(NOT type STREQUAL "INTERFACE_LIBRARY")
          _flexos_image_apply("${lib}" "${image}")
        endif()
        list(APPEND todo "${lib}")
      endforeach()
    endforeach()
  endwhile()
endfunction()

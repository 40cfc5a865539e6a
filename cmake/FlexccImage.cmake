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
  get_filename_component(config "${ARG_CONFIG}" ABSOLUTE)
  set(flexcc "$<TARGET_FILE:flexcc>")
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
      DEPENDS "${abs}" "${config}" flexcc
      DEPFILE "${obj}.d"
      COMMENT "flexcc -c ${rel} (${name}, ${ARG_MECHANISM})"
      VERBATIM)
    list(APPEND objects "${obj}")
  endforeach()
  set(image "${CMAKE_CURRENT_BINARY_DIR}/${name}")
  add_custom_command(OUTPUT "${image}"
    COMMAND "${flexcc}" ${common} ${objects} -o "${image}"
    DEPENDS ${objects} "${config}" flexcc
    COMMENT "flexcc: linking the image ${name} (${ARG_MECHANISM})"
    VERBATIM)
  add_custom_target(${name}-image ALL DEPENDS "${image}")
  set(${name}_IMAGE "${image}" PARENT_SCOPE)
endfunction()

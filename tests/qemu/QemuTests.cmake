#===--- QemuTests.cmake - register tests that run under QEMU with PKU -----===#
# SPDX-License-Identifier: Apache-2.0
#
#   flexcc_qemu_test(<name>
#     IMAGE <path or target>         # a STATIC x86-64 executable; generator
#                                    # expressions allowed ($<TARGET_FILE:t>);
#                                    # a target name means its file + DEPENDS
#     [ARGS <arg>...]                # argv[1..] (no ';' inside an argument)
#     [STDIN <file>]                 # else /dev/null
#     [EXPECT_STATUS <n>]            # exit status, default 0
#     [EXPECT_STDOUT <file>]         # stdout must equal this file's bytes
#     [EXPECT_STDOUT_REGEX <regex>]  # Python re.search, multi-line
#     [EXPECT_STDERR_REGEX <regex>]
#     [TIMEOUT <seconds>]            # inside the VM, default 60 (then killed)
#     [DEPENDS <target>...]          # built by the all target flexcc-qemu-images
#     [LABELS <label>...])
#
# Registers the CTest test qemu.<name> (labels: qemu + LABELS), which checks
# the result that the fixture test qemu.boot left in
# <build>/tests/qemu/results/<name>/{stdout,stderr,status}. qemu.boot writes
# the manifest of every test registered anywhere in the project (generated at
# the end of the configuration) and boots QEMU once to run them all. When
# qemu.boot skips (no QEMU, no kernel), every qemu.<name> skips with its
# message. Run ctest from the build root (the fixture lives in tests/qemu).
#===----------------------------------------------------------------------===#
include_guard(GLOBAL)

set(FLEXCC_QEMU_DIR "${CMAKE_CURRENT_LIST_DIR}" CACHE INTERNAL "")
set(FLEXCC_QEMU_RESULTS "${PROJECT_BINARY_DIR}/tests/qemu/results" CACHE INTERNAL "")
set(FLEXCC_QEMU_MANIFEST "${PROJECT_BINARY_DIR}/tests/qemu/manifest.json" CACHE INTERNAL "")
if(NOT Python3_EXECUTABLE)
  find_package(Python3 COMPONENTS Interpreter REQUIRED)
endif()
# Cached: flexcc_qemu_test may be called from directories that do not see
# the variables of tests/.
set(FLEXCC_QEMU_PYTHON "${Python3_EXECUTABLE}" CACHE INTERNAL "")

function(_flexcc_qemu_json_str out s)
  string(REPLACE "\\" "\\\\" s "${s}")
  string(REPLACE "\"" "\\\"" s "${s}")
  string(REPLACE "\n" "\\n" s "${s}")
  string(REPLACE "\t" "\\t" s "${s}")
  string(REPLACE "\r" "\\r" s "${s}")
  set(${out} "\"${s}\"" PARENT_SCOPE)
endfunction()

function(flexcc_qemu_test name)
  cmake_parse_arguments(PARSE_ARGV 1 Q ""
    "IMAGE;STDIN;EXPECT_STATUS;EXPECT_STDOUT;EXPECT_STDOUT_REGEX;EXPECT_STDERR_REGEX;TIMEOUT"
    "ARGS;DEPENDS;LABELS")
  if(Q_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR "flexcc_qemu_test(${name}): unknown arguments: ${Q_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT name MATCHES "^[A-Za-z0-9._+-]+$")
    message(FATAL_ERROR "flexcc_qemu_test(${name}): the name may only hold letters, digits and ._+-")
  endif()
  if(NOT Q_IMAGE)
    message(FATAL_ERROR "flexcc_qemu_test(${name}): IMAGE is required")
  endif()
  get_property(names GLOBAL PROPERTY FLEXCC_QEMU_TESTS)
  if(name IN_LIST names)
    message(FATAL_ERROR "flexcc_qemu_test(${name}): a QEMU test of that name already exists")
  endif()
  if(NOT DEFINED Q_EXPECT_STATUS)
    set(Q_EXPECT_STATUS 0)
  endif()
  if(NOT DEFINED Q_TIMEOUT)
    set(Q_TIMEOUT 60)
  endif()
  foreach(f STDIN EXPECT_STDOUT)
    if(DEFINED Q_${f} AND NOT IS_ABSOLUTE "${Q_${f}}")
      set(Q_${f} "${CMAKE_CURRENT_SOURCE_DIR}/${Q_${f}}")
    endif()
  endforeach()

  # The manifest entry is assembled at the end of the configuration, when
  # every target exists (IMAGE may name one defined later).
  set_property(GLOBAL APPEND PROPERTY FLEXCC_QEMU_TESTS "${name}")
  set_property(GLOBAL PROPERTY FLEXCC_QEMU_TEST_${name}_IMAGE "${Q_IMAGE}")
  set_property(GLOBAL PROPERTY FLEXCC_QEMU_TEST_${name}_STDIN "${Q_STDIN}")
  set_property(GLOBAL PROPERTY FLEXCC_QEMU_TEST_${name}_TIMEOUT "${Q_TIMEOUT}")
  set_property(GLOBAL PROPERTY FLEXCC_QEMU_TEST_${name}_DEPENDS "${Q_DEPENDS}")
  set(args "")
  foreach(a IN LISTS Q_ARGS)
    _flexcc_qemu_json_str(j "${a}")
    list(APPEND args "${j}")
  endforeach()
  list(JOIN args ", " args)
  set_property(GLOBAL PROPERTY FLEXCC_QEMU_TEST_${name}_ARGS "${args}")

  set(check "${FLEXCC_QEMU_PYTHON}" "${FLEXCC_QEMU_DIR}/check-result"
            "${FLEXCC_QEMU_RESULTS}" "${name}" --status "${Q_EXPECT_STATUS}")
  if(DEFINED Q_EXPECT_STDOUT)
    list(APPEND check --stdout "${Q_EXPECT_STDOUT}")
  endif()
  if(DEFINED Q_EXPECT_STDOUT_REGEX)
    list(APPEND check --stdout-regex "${Q_EXPECT_STDOUT_REGEX}")
  endif()
  if(DEFINED Q_EXPECT_STDERR_REGEX)
    list(APPEND check --stderr-regex "${Q_EXPECT_STDERR_REGEX}")
  endif()
  add_test(NAME qemu.${name} COMMAND ${check})
  set_tests_properties(qemu.${name} PROPERTIES
    LABELS "qemu;${Q_LABELS}"
    FIXTURES_REQUIRED flexcc-qemu
    SKIP_RETURN_CODE 77
    TIMEOUT 30)
endfunction()

# Called once, deferred to the end of the top-level directory: writes the
# manifest of every registered test (generator expressions evaluated).
function(_flexcc_qemu_finalize)
  get_property(names GLOBAL PROPERTY FLEXCC_QEMU_TESTS)
  set(entries "")
  foreach(name IN LISTS names)
    foreach(p IMAGE STDIN TIMEOUT DEPENDS ARGS)
      get_property(${p} GLOBAL PROPERTY FLEXCC_QEMU_TEST_${name}_${p})
    endforeach()
    if(TARGET "${IMAGE}")
      list(APPEND DEPENDS "${IMAGE}")
      set(IMAGE "$<TARGET_FILE:${IMAGE}>")
    endif()
    if(DEPENDS)
      add_dependencies(flexcc-qemu-images ${DEPENDS})
    endif()
    _flexcc_qemu_json_str(jname "${name}")
    _flexcc_qemu_json_str(jimage "${IMAGE}")
    set(e "  {\"name\": ${jname}, \"image\": ${jimage}, \"args\": [${ARGS}], \"timeout\": ${TIMEOUT}")
    if(STDIN)
      _flexcc_qemu_json_str(jstdin "${STDIN}")
      string(APPEND e ", \"stdin\": ${jstdin}")
    endif()
    list(APPEND entries "${e}}")
  endforeach()
  list(JOIN entries ",\n" entries)
  file(GENERATE OUTPUT "${FLEXCC_QEMU_MANIFEST}"
       CONTENT "{\"tests\": [\n${entries}\n]}\n")
endfunction()

get_property(_flexcc_qemu_deferred GLOBAL PROPERTY FLEXCC_QEMU_DEFERRED)
if(NOT _flexcc_qemu_deferred)
  set_property(GLOBAL PROPERTY FLEXCC_QEMU_DEFERRED 1)
  cmake_language(DEFER DIRECTORY "${PROJECT_SOURCE_DIR}" CALL _flexcc_qemu_finalize)
endif()

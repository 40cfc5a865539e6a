# cmake -DIMAGE=prog -DEXPECTED=file [-DSTATUS=0] -P RunAndCompare.cmake
# Runs IMAGE; fails unless it exits with STATUS and prints exactly EXPECTED.
if(NOT DEFINED STATUS)
  set(STATUS 0)
endif()
execute_process(COMMAND "${IMAGE}" RESULT_VARIABLE rc OUTPUT_VARIABLE out)
file(READ "${EXPECTED}" want)
if(NOT rc STREQUAL STATUS)
  message(FATAL_ERROR "${IMAGE} exited with ${rc}, expected ${STATUS}; it printed:\n${out}")
endif()
if(NOT out STREQUAL want)
  message(FATAL_ERROR "${IMAGE} printed:\n${out}\nexpected:\n${want}")
endif()
message(STATUS "${IMAGE}: output and status as expected")

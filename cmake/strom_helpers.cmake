# Warnings are errors on strom's own code only (never on generated code).
function(strom_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Werror)
endfunction()

# A layer whose folder is still empty is skipped, so work can land layer by layer.
function(strom_add_subdirectory_if_present dir)
  if(EXISTS "${CMAKE_CURRENT_SOURCE_DIR}/${dir}/CMakeLists.txt")
    add_subdirectory(${dir})
  endif()
endfunction()

# Adds every child folder of the current one that has a CMakeLists.txt.
function(strom_add_child_folders)
  file(GLOB children LIST_DIRECTORIES true "${CMAKE_CURRENT_SOURCE_DIR}/*")
  foreach(child ${children})
    if(IS_DIRECTORY "${child}" AND EXISTS "${child}/CMakeLists.txt")
      add_subdirectory("${child}")
    endif()
  endforeach()
endfunction()

# strom_gtest(NAME name SOURCES a.cpp ... LIBS lib ... [TIMEOUT seconds] [LABELS l ...])
# One GoogleTest binary, registered with ctest as one test.
function(strom_gtest)
  cmake_parse_arguments(T "" "NAME;TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${T_NAME} ${T_SOURCES})
  target_link_libraries(${T_NAME} PRIVATE ${T_LIBS} GTest::gtest GTest::gtest_main)
  strom_warnings(${T_NAME})
  target_compile_definitions(${T_NAME} PRIVATE STROM_SOURCE_DIR="${CMAKE_SOURCE_DIR}")
  add_test(NAME ${T_NAME} COMMAND ${T_NAME})
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 120)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES TIMEOUT ${T_TIMEOUT})
  # The unit and simulator tests of the layers below net/ (storage, raft,
  # groups, the controller, the actors) are also built with the sanitizers
  # (make test-asan, label `sanitized`); the doors' and the launcher's would
  # build Boost.Beast and grpc++ code once more, doubling CI's build time,
  # and the integration tests run them.
  if(("unit" IN_LIST T_LABELS OR "sim" IN_LIST T_LABELS)
     AND NOT "strom_net" IN_LIST T_LIBS AND NOT "strom_launcher" IN_LIST T_LIBS)
    list(APPEND T_LABELS sanitized)
    set_property(GLOBAL APPEND PROPERTY STROM_SANITIZED_TEST_TARGETS ${T_NAME})
  endif()
  if(T_LABELS)
    set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}")
  endif()
endfunction()

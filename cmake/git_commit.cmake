# strom_git_commit(VAR): the short commit the source tree is at, read when
# CMake configures (`make build` configures every time), or empty when the
# tree is not a git checkout of its own: a tarball, or a tree unpacked
# inside another repository, names no commit rather than a wrong one.
function(strom_git_commit var)
  set(${var} "" PARENT_SCOPE)
  find_package(Git QUIET)
  if(NOT GIT_FOUND)
    return()
  endif()
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --show-toplevel
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} RESULT_VARIABLE failed
                  OUTPUT_VARIABLE top OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  get_filename_component(top "${top}" REALPATH)
  get_filename_component(source "${CMAKE_SOURCE_DIR}" REALPATH)
  if(failed OR NOT top STREQUAL source)
    return()
  endif()
  execute_process(COMMAND ${GIT_EXECUTABLE} rev-parse --short=7 HEAD
                  WORKING_DIRECTORY ${CMAKE_SOURCE_DIR} RESULT_VARIABLE failed
                  OUTPUT_VARIABLE commit OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
  if(NOT failed)
    set(${var} "${commit}" PARENT_SCOPE)
  endif()
endfunction()

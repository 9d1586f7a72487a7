# STROM_SANITIZE=ON (make test-asan, a build dir of its own): every target
# of strom's is built with AddressSanitizer, UndefinedBehaviorSanitizer and
# LeakSanitizer; the test environment (Makefile) makes any report end the
# process, so a test that trips one fails. Debian's libraries (CAF, LMDB,
# protobuf) stay as they are; what of CAF's headers trips UBSan is
# suppressed by name in tests/sanitizers/ubsan.supp, hence recoverable
# UBSan checks (suppressions only apply to those) with halt_on_error.
option(STROM_SANITIZE "Build with AddressSanitizer and UndefinedBehaviorSanitizer" OFF)
if(STROM_SANITIZE)
  # -O1 with line tables: a third of -O2 -g's build time, stacks that name
  # every line, and asserts left on.
  set(CMAKE_CXX_FLAGS_DEBUG "-O1 -g1")
  # GCC 12 warns of maybe-uninitialized members of std::variant under
  # -fsanitize=address (its instrumentation hides the initialization from
  # the analysis); the Release build keeps that warning an error.
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -Wno-maybe-uninitialized)
  add_link_options(-fsanitize=address,undefined)
endif()

# STROM_FUZZ=ON (make test-fuzz, build-fuzz, clang): strom's code is built
# with libFuzzer's coverage instrumentation and AddressSanitizer and
# UndefinedBehaviorSanitizer, and tests/fuzz links each harness with
# libFuzzer. Only the harnesses' libraries are built (target strom_fuzzers).
option(STROM_FUZZ "Build the libFuzzer harnesses of tests/fuzz (clang)" OFF)
if(STROM_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "STROM_FUZZ needs clang: CXX=clang++ cmake ...")
  endif()
  # -O1 with line tables, as the sanitized build; halting UBSan checks, so
  # that any undefined behaviour is a crash libFuzzer keeps the input of.
  set(CMAKE_CXX_FLAGS_DEBUG "-O1 -g1")
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

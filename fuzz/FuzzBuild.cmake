# Included by the top-level CMakeLists.txt when NMC_FUZZ is ON. Why: the
# frontend must be instrumented for libFuzzer (clang only) with ASan and
# UBSan, which the normal gcc build cannot do. Builds only support, grammar,
# frontend, ir and the fuzz target; no LLVM, runtime, codegen or tests.
# Used by fuzz/run-fuzzer.sh with clang-14 (Debian: clang-14, libclang-rt-14-dev).
if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  message(FATAL_ERROR "NMC_FUZZ needs clang (-DCMAKE_CXX_COMPILER=clang++-14)")
endif()

# clang warns about things g++ does not; the gcc build keeps -Werror, this
# one only reports.
function(nmc_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra)
endfunction()

find_package(antlr4-runtime REQUIRED CONFIG)
find_program(ANTLR4_TOOL antlr4 REQUIRED)

# Debian's ANTLR 4.9 antlr4-runtime.h includes misc/InterpreterDataReader.h,
# which clang rejects (a const member without initialiser; g++ accepts it)
# and which nothing here uses. A copy of antlr4-runtime.h without that line,
# searched before the real one, lets clang compile the parser unchanged.
set(NMC_ANTLR_SHIM ${CMAKE_BINARY_DIR}/antlr4-shim)
file(READ /usr/include/antlr4-runtime/antlr4-runtime.h NMC_ANTLR_HDR)
string(REPLACE "#include \"misc/InterpreterDataReader.h\"" "" NMC_ANTLR_HDR "${NMC_ANTLR_HDR}")
file(WRITE ${NMC_ANTLR_SHIM}/antlr4-runtime.h "${NMC_ANTLR_HDR}")
include_directories(BEFORE SYSTEM ${NMC_ANTLR_SHIM})

# Coverage and sanitizers on everything built here (generated parser too);
# the fuzz target itself links -fsanitize=fuzzer (fuzz/CMakeLists.txt).
# UBSan findings abort so that libFuzzer reports them.
add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                    -fno-sanitize-recover=undefined -fno-omit-frame-pointer -g)
add_link_options(-fsanitize=address,undefined)

add_subdirectory(support)
add_subdirectory(grammar)
add_subdirectory(frontend)
add_subdirectory(ir)
add_subdirectory(fuzz)

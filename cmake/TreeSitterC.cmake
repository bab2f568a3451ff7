# Provides the static library tree_sitter_c (the grammar's parser.c).
# The grammar is the npm package tree-sitter-c, pinned to 0.23.x (its
# parser.c is ABI 14, which Debian's tree-sitter 0.20 loads).  It is looked
# for in ASYNCC_TS_C_DIR (set up by scripts/setup.sh) and otherwise fetched
# at configure time with `npm pack` into the build tree.
set(ASYNCC_TS_C_DIR "${PROJECT_SOURCE_DIR}/third_party/tree-sitter-c"
    CACHE PATH "Unpacked tree-sitter-c npm package")

if(NOT EXISTS "${ASYNCC_TS_C_DIR}/src/parser.c")
  set(_ts_dl "${PROJECT_BINARY_DIR}/_deps/tree-sitter-c")
  if(NOT EXISTS "${_ts_dl}/package/src/parser.c")
    find_program(NPM_EXECUTABLE npm REQUIRED)
    file(MAKE_DIRECTORY "${_ts_dl}")
    message(STATUS "Fetching tree-sitter-c@${ASYNCC_TS_C_VERSION} from the npm registry")
    execute_process(
      COMMAND ${NPM_EXECUTABLE} pack --silent tree-sitter-c@${ASYNCC_TS_C_VERSION}
      WORKING_DIRECTORY "${_ts_dl}" RESULT_VARIABLE _rc OUTPUT_VARIABLE _tgz
      OUTPUT_STRIP_TRAILING_WHITESPACE)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "npm pack tree-sitter-c@${ASYNCC_TS_C_VERSION} failed")
    endif()
    execute_process(COMMAND ${CMAKE_COMMAND} -E tar xzf "${_tgz}"
      WORKING_DIRECTORY "${_ts_dl}" RESULT_VARIABLE _rc)
    if(NOT _rc EQUAL 0)
      message(FATAL_ERROR "could not unpack ${_tgz}")
    endif()
  endif()
  set(ASYNCC_TS_C_DIR "${_ts_dl}/package" CACHE PATH "" FORCE)
endif()

add_library(tree_sitter_c STATIC "${ASYNCC_TS_C_DIR}/src/parser.c")
target_include_directories(tree_sitter_c PRIVATE "${ASYNCC_TS_C_DIR}/src")
target_compile_options(tree_sitter_c PRIVATE -w)
set_target_properties(tree_sitter_c PROPERTIES C_STANDARD 99)

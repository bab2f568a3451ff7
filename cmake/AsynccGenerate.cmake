# asyncc_generate(OUT_VAR file.ac file.ah ...
#                 [INCLUDE_DIRS dir ...] [OUTPUT_DIR dir] [TARGET target])
#
# Adds a custom command per file that translates it with asyncc: x.ac
# becomes x.c and x.ah becomes x.h under OUTPUT_DIR (default: the current
# binary dir), keeping the file's path relative to the current source dir.
# OUT_VAR receives the generated files.  The translator writes a depfile
# (-MD -MF), so editing an .ah that an .ac includes re-translates the .ac.
# Each file's own directory and INCLUDE_DIRS are passed as -I.
#
# With TARGET, the generated files are added to the target's sources and
# the directories of the generated headers to its include path.  Linking
# stays the caller's choice (asyncc::asyncc or asyncc::asyncc_shared: never
# both in one program).
#
# Generators other than Ninja and Makefiles get no depfile: there every .ac
# depends on all the .ah files given in the same call instead.
#
# Needs the imported executable asyncc::asyncc_translator (find_package) or,
# inside the asyncc build itself, the alias of the same name.
function(asyncc_generate out_var)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "OUTPUT_DIR;TARGET" "INCLUDE_DIRS")
  if(NOT TARGET asyncc::asyncc_translator)
    message(FATAL_ERROR "asyncc_generate: no asyncc::asyncc_translator target "
      "(call find_package(asyncc) first)")
  endif()
  set(out_dir "${CMAKE_CURRENT_BINARY_DIR}")
  if(ARG_OUTPUT_DIR)
    get_filename_component(out_dir "${ARG_OUTPUT_DIR}" ABSOLUTE
      BASE_DIR "${CMAKE_CURRENT_BINARY_DIR}")
  endif()
  set(include_flags "")
  foreach(dir IN LISTS ARG_INCLUDE_DIRS)
    get_filename_component(dir "${dir}" ABSOLUTE)
    list(APPEND include_flags -I "${dir}")
  endforeach()

  set(use_depfile OFF)
  if(CMAKE_GENERATOR MATCHES "Ninja|Makefiles")
    set(use_depfile ON)
  endif()

  # Both generators make a target's custom command outputs (the headers
  # here) before compiling its objects, so only the translation itself
  # needs dependencies: the source and, through the depfile, its .ah files.
  set(headers "")
  set(header_sources "")
  set(header_dirs "")
  set(sources "")
  foreach(src IN LISTS ARG_UNPARSED_ARGUMENTS)
    get_filename_component(src "${src}" ABSOLUTE)
    _asyncc_output_path("${src}" "${out_dir}" out)
    if(src MATCHES "\\.ah$")
      list(APPEND headers "${out}")
      list(APPEND header_sources "${src}")
      get_filename_component(dir "${out}" DIRECTORY)
      list(APPEND header_dirs "${dir}")
    elseif(src MATCHES "\\.ac$")
      list(APPEND sources "${out}")
    else()
      message(FATAL_ERROR "asyncc_generate: ${src} is neither .ac nor .ah")
    endif()
  endforeach()

  foreach(src IN LISTS ARG_UNPARSED_ARGUMENTS)
    get_filename_component(src "${src}" ABSOLUTE)
    _asyncc_output_path("${src}" "${out_dir}" out)
    get_filename_component(src_dir "${src}" DIRECTORY)
    get_filename_component(dir "${out}" DIRECTORY)
    file(RELATIVE_PATH shown "${CMAKE_BINARY_DIR}" "${out}")
    if(use_depfile)
      set(dep_args DEPFILE "${out}.d")
    else()
      set(dep_args DEPENDS ${header_sources})
    endif()
    add_custom_command(
      OUTPUT "${out}"
      COMMAND ${CMAKE_COMMAND} -E make_directory "${dir}"
      COMMAND asyncc::asyncc_translator -I "${src_dir}" ${include_flags}
              -MD -MF "${out}.d" "${src}" -o "${out}"
      DEPENDS "${src}" asyncc::asyncc_translator
      ${dep_args}
      COMMENT "asyncc: translating ${shown}"
      VERBATIM)
  endforeach()

  set(generated ${headers} ${sources})
  set(${out_var} ${generated} PARENT_SCOPE)
  if(ARG_TARGET)
    list(REMOVE_DUPLICATES header_dirs)
    target_sources(${ARG_TARGET} PRIVATE ${generated})
    target_include_directories(${ARG_TARGET} PRIVATE ${out_dir} ${header_dirs})
  endif()
endfunction()

# The generated file for src: its path relative to the current source dir
# (just its name when outside it) under out_dir, .ac -> .c, .ah -> .h.
function(_asyncc_output_path src out_dir result)
  file(RELATIVE_PATH rel "${CMAKE_CURRENT_SOURCE_DIR}" "${src}")
  if(rel MATCHES "^\\.\\./")
    get_filename_component(rel "${src}" NAME)
  endif()
  string(REGEX REPLACE "\\.ac$" ".c" rel "${rel}")
  string(REGEX REPLACE "\\.ah$" ".h" rel "${rel}")
  set(${result} "${out_dir}/${rel}" PARENT_SCOPE)
endfunction()

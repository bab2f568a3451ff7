# Install (SPEC section 8): the pkg-config file and the CMake package.
# Included from the top-level CMakeLists.txt after the targets exist.
#
#   lib/pkgconfig/asyncc.pc
#   lib/cmake/asyncc/asyncc-config.cmake          find_package(asyncc)
#   lib/cmake/asyncc/asyncc-config-version.cmake
#   lib/cmake/asyncc/asyncc-targets*.cmake        asyncc::asyncc (static),
#                                                 asyncc::asyncc_shared,
#                                                 asyncc::asyncc_translator
#   lib/cmake/asyncc/AsynccGenerate.cmake         asyncc_generate()
#   share/doc/asyncc/                             docs/*.md, the JSON schema
#   share/man/man1/asyncc.1                       the translator's man page
#
# With ASYNCC_BUILD_TRANSLATOR=OFF there is no bin/asyncc and no
# asyncc::asyncc_translator export: the package config finds a host asyncc.

set(ASYNCC_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/asyncc)

# ---- pkg-config ------------------------------------------------------------
# The .pc file finds the prefix from its own place (relocatable), however
# deep the libdir is (lib, lib/x86_64-linux-gnu).
if(IS_ABSOLUTE "${CMAKE_INSTALL_LIBDIR}")
  set(ASYNCC_PC_PREFIX "${CMAKE_INSTALL_PREFIX}")
else()
  file(RELATIVE_PATH _up "/p/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/p")
  string(REGEX REPLACE "/$" "" _up "${_up}")
  set(ASYNCC_PC_PREFIX "\${pcfiledir}/${_up}")
endif()
configure_file(${CMAKE_CURRENT_LIST_DIR}/asyncc.pc.in
  ${CMAKE_CURRENT_BINARY_DIR}/asyncc.pc @ONLY)
install(FILES ${CMAKE_CURRENT_BINARY_DIR}/asyncc.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

# ---- CMake package ---------------------------------------------------------
set_target_properties(asyncc_static PROPERTIES EXPORT_NAME asyncc)
set_target_properties(asyncc_shared PROPERTIES EXPORT_NAME asyncc_shared)
if(TARGET asyncc)
  set_target_properties(asyncc PROPERTIES EXPORT_NAME asyncc_translator)
  install(TARGETS asyncc EXPORT asyncc-targets
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endif()
install(EXPORT asyncc-targets NAMESPACE asyncc::
  DESTINATION ${ASYNCC_CMAKE_DIR})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/asyncc-config.cmake.in
  ${CMAKE_CURRENT_BINARY_DIR}/asyncc-config.cmake
  INSTALL_DESTINATION ${ASYNCC_CMAKE_DIR})
write_basic_package_version_file(
  ${CMAKE_CURRENT_BINARY_DIR}/asyncc-config-version.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES
  ${CMAKE_CURRENT_BINARY_DIR}/asyncc-config.cmake
  ${CMAKE_CURRENT_BINARY_DIR}/asyncc-config-version.cmake
  ${CMAKE_CURRENT_LIST_DIR}/AsynccGenerate.cmake
  DESTINATION ${ASYNCC_CMAKE_DIR})

# ---- documentation -----------------------------------------------------------
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/
  DESTINATION ${CMAKE_INSTALL_DOCDIR}
  FILES_MATCHING PATTERN "*.md" PATTERN "*.json")
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(FILES ${PROJECT_SOURCE_DIR}/docs/asyncc.1
  DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

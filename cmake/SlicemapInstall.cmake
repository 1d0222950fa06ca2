# What `cmake --install` and the Debian package put under the prefix, beyond
# the targets' own install() rules: the CMake package (find_package(slicemap)),
# man pages made from each tool's --help, and the docs. Included last from the
# top CMakeLists.txt, so every target exists.

include(CMakePackageConfigHelpers)

# --- find_package(slicemap) --------------------------------------------------
set(SLICEMAP_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/slicemap)
set(SLICEMAP_PLUGIN_INSTALL_PATH
    ${CMAKE_INSTALL_LIBDIR}/slicemap/SlicemapTidyPlugin.so)
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/slicemapConfig.cmake.in
  ${PROJECT_BINARY_DIR}/slicemapConfig.cmake
  INSTALL_DESTINATION ${SLICEMAP_CMAKE_INSTALL_DIR}
  PATH_VARS SLICEMAP_PLUGIN_INSTALL_PATH)
# The runtime is header-only, but the plugin is not: no ARCH_INDEPENDENT.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/slicemapConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMajorVersion)
install(FILES ${PROJECT_BINARY_DIR}/slicemapConfig.cmake
              ${PROJECT_BINARY_DIR}/slicemapConfigVersion.cmake
        DESTINATION ${SLICEMAP_CMAKE_INSTALL_DIR})

# --- Docs: README and docs/ keep their relative links -----------------------
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs DESTINATION ${CMAKE_INSTALL_DOCDIR}
        PATTERN build EXCLUDE)

# --- Man pages, from each tool's --help ----------------------------------------
# help2man (scripts/install-deps.sh installs it) runs the freshly built tool,
# so the pages never disagree with the options the binary has.
if(NOT SLICEMAP_BUILD_TOOLS)
  return()
endif()
find_program(SLICEMAP_HELP2MAN help2man)
if(NOT SLICEMAP_HELP2MAN)
  message(STATUS "slicemap: help2man not found, no man pages (scripts/install-deps.sh installs it)")
  return()
endif()
set(slicemap_man_summary_slicemap-tidy "clang-tidy 22 with the slicemap checks built in")
set(slicemap_man_summary_slicemap-lint "the slicemap checks over a compile database, for CI")
set(slicemap_man_summary_slicemap-clangd "clangd 22 with the slicemap checks built in")
set(slicemap_man_pages)
foreach(tool IN ITEMS slicemap-tidy slicemap-lint slicemap-clangd)
  set(page ${PROJECT_BINARY_DIR}/man/${tool}.1)
  add_custom_command(OUTPUT ${page}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/man
    COMMAND ${SLICEMAP_HELP2MAN} --no-info --no-discard-stderr
            "--name=${slicemap_man_summary_${tool}}"
            --version-string=${PROJECT_VERSION} --output=${page} $<TARGET_FILE:${tool}>
    DEPENDS ${tool}
    COMMENT "Man page ${tool}.1 from ${tool} --help"
    VERBATIM)
  list(APPEND slicemap_man_pages ${page})
endforeach()
add_custom_target(slicemap-man-pages ALL DEPENDS ${slicemap_man_pages})
install(FILES ${slicemap_man_pages} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)

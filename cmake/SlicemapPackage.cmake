# The Debian package: `cmake --build build --target package` (or
# scripts/package.sh) writes build/slicemap_<version>_<arch>.deb, installing
# under /usr what `cmake --install` installs. Depends come from
# dpkg-shlibdeps over the binaries (libclang-cpp22, libllvm22, gRPC, ...)
# plus what the binaries use without linking: clang-tidy-22 hosts the plugin,
# and libclang-common-22-dev has Clang's builtin headers, which the tools
# find at /usr/lib/clang/22 next to /usr/bin.

execute_process(COMMAND dpkg --print-architecture
                OUTPUT_VARIABLE SLICEMAP_DEB_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE
                ERROR_QUIET)
if(NOT SLICEMAP_DEB_ARCH)
  set(SLICEMAP_DEB_ARCH amd64)
endif()

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME slicemap)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "slicemap developers")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "static checks for Go-style slice and map bugs in C++, for clang-tidy 22")
set(CPACK_PACKAGE_DESCRIPTION
    "The slicemap-* checks as a clang-tidy-22 plugin, slicemap-tidy, slicemap-lint (a whole compile database, text/JSON/SARIF, baseline) and slicemap-clangd, with the header-only Slice/Map runtime and a CMake package.")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME ${CPACK_PACKAGE_NAME}_${PROJECT_VERSION}_${SLICEMAP_DEB_ARCH}.deb)
set(CPACK_DEBIAN_PACKAGE_ARCHITECTURE ${SLICEMAP_DEB_ARCH})
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://github.com/slicemap/slicemap")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "clang-tidy-22, libclang-common-22-dev")
# Fast to build and to unpack; dpkg in Debian 12 reads zstd.
set(CPACK_DEBIAN_COMPRESSION_TYPE zstd)
include(CPack)

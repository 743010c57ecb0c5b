# `cpack -G DEB` in a build tree: the Debian package of everything `cmake --install`
# puts in place, under /usr. Its runtime dependencies come from dpkg-shlibdeps (the
# shared libraries the binary and libaccessgraph-client.so link), so they follow the
# build machine's Debian release rather than a hand-kept list.
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME accessgraph)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_VENDOR "accessgraph")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "In-memory entitlement graph engine: effective access, findings, query server")
set(CPACK_PACKAGE_CONTACT "accessgraph maintainers <maintainers@accessgraph.invalid>")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# The shared client library in the package is found by dpkg-shlibdeps there, not on the system.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
set(CPACK_STRIP_FILES ON)
set(CPACK_PACKAGE_DIRECTORY ${PROJECT_BINARY_DIR}/packages)
include(CPack)

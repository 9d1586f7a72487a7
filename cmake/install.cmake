# `make install` (PREFIX, DESTDIR): the strom binary; the client library as a
# CMake package (find_package(strom), target strom::client) with the static
# libraries it links and the headers its one include pulls in; the systemd
# unit with its sysusers.d entry; an example manifest, the Kubernetes files
# and the READMEs.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(STROM_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/strom)
# Headers keep the paths they include each other by: messages/types.hpp
# lands in <prefix>/include/strom/messages/types.hpp.
set(STROM_INCLUDE_DIR ${CMAKE_INSTALL_INCLUDEDIR}/strom)
set(STROM_DATA_DIR ${CMAKE_INSTALL_DATADIR}/strom)

install(TARGETS strom RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

# The client library and every strom library it links, static as built;
# exported as strom::client, strom::messages, ...
set(STROM_CLIENT_LIBRARIES strom_client strom_messages strom_messages_core strom_wire
    strom_wire_generated strom_partitioning strom_group_state strom_tls)
foreach(library ${STROM_CLIENT_LIBRARIES})
  string(REGEX REPLACE "^strom_" "" export_name ${library})
  set_target_properties(${library} PROPERTIES EXPORT_NAME ${export_name})
endforeach()
install(TARGETS ${STROM_CLIENT_LIBRARIES} EXPORT strom_targets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${STROM_INCLUDE_DIR})
install(EXPORT strom_targets NAMESPACE strom:: FILE strom-targets.cmake
        DESTINATION ${STROM_PACKAGE_DIR})

# Those libraries' folders' headers, whole: what net/client/strom_client.hpp
# includes is among them, and they include nothing beyond them
# (tests/install checks both).
foreach(folder messages actors/partitioning actors/group net/client net/tls)
  install(DIRECTORY ${CMAKE_SOURCE_DIR}/${folder}/ DESTINATION ${STROM_INCLUDE_DIR}/${folder}
          FILES_MATCHING PATTERN "*.hpp" PATTERN "service" EXCLUDE PATTERN "examples" EXCLUDE)
endforeach()
install(FILES ${CMAKE_SOURCE_DIR}/net/cluster/system_config.hpp
        ${CMAKE_SOURCE_DIR}/net/cluster/backoff.hpp
        DESTINATION ${STROM_INCLUDE_DIR}/net/cluster)

string(REPLACE ";" " " STROM_CODEC_MODULE_LIST "${STROM_CODEC_MODULES}")
configure_file(${CMAKE_SOURCE_DIR}/cmake/strom-config.cmake.in
               ${CMAKE_BINARY_DIR}/package/strom-config.cmake @ONLY)
write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/strom-config-version.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/package/strom-config.cmake
        ${CMAKE_BINARY_DIR}/package/strom-config-version.cmake
        ${CMAKE_SOURCE_DIR}/cmake/FindCAF.cmake
        DESTINATION ${STROM_PACKAGE_DIR})

# The unit names the binary where this prefix puts it; systemd reads units
# from <prefix>/lib/systemd/system for the prefixes /usr and /usr/local.
set(STROM_BINARY ${CMAKE_INSTALL_FULL_BINDIR}/strom)
configure_file(${CMAKE_SOURCE_DIR}/deploy/systemd/strom@.service.in
               ${CMAKE_BINARY_DIR}/package/strom@.service @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/package/strom@.service DESTINATION lib/systemd/system)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/systemd/sysusers.conf
        DESTINATION lib/sysusers.d RENAME strom.conf)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/three-hosts.yaml
        DESTINATION ${STROM_DATA_DIR} RENAME cluster.yaml.example)
install(FILES ${CMAKE_SOURCE_DIR}/deploy/README.md DESTINATION ${STROM_DATA_DIR})
install(DIRECTORY ${CMAKE_SOURCE_DIR}/deploy/kubernetes DESTINATION ${STROM_DATA_DIR})
install(FILES ${CMAKE_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})

# SPDX-License-Identifier: Apache-2.0
# The Debian package (`cpack -G DEB` in a build directory; scripts/dev.sh
# package builds and checks it). Contents:
#   /usr/bin/m2drop
#   /lib/systemd/system/m2drop.service      (packaging/systemd/)
#   /etc/m2drop/config.toml                 (config.example.toml; a conffile)
#   /usr/share/doc/m2drop/                  (README, docs/, the example config)
#   /usr/share/m2drop/fixtures/             (samples and simulator seed for
#                                            `m2drop demo`; configure with
#                                            -DM2DROP_FIXTURES_DIR=/usr/share/m2drop/fixtures)
# Maintainer scripts (packaging/debian/) create the m2drop system user and
# enable the unit; runtime dependencies come from dpkg-shlibdeps.

# Installing (and so cpack) needs the m2drop binary only, not the tests:
# `cmake --build DIR --target m2drop && cpack` in a package build.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)

install(TARGETS m2drop RUNTIME DESTINATION bin)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/systemd/m2drop.service
        DESTINATION /lib/systemd/system)
install(FILES ${PROJECT_SOURCE_DIR}/config.example.toml
        DESTINATION /etc/m2drop RENAME config.toml)
install(FILES ${PROJECT_SOURCE_DIR}/README.md
              ${PROJECT_SOURCE_DIR}/config.example.toml
        DESTINATION share/doc/m2drop)
# README links docs/design.md: the same relative path under /usr/share/doc.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs DESTINATION share/doc/m2drop)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/fixtures/samples
                  ${PROJECT_SOURCE_DIR}/fixtures/sim
        DESTINATION share/m2drop/fixtures)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME m2drop)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "turns CSV file drops into Magento 2 updates (shipment tracking, stock)")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION
    "${CPACK_PACKAGE_DESCRIPTION_SUMMARY}
 m2drop watches SFTP inboxes for the CSV files warehouses, 3PLs and ERPs
 drop, imports each through the Magento REST API (batched look-ups, bounded
 concurrency, retries) exactly once, and files it under processed/ or
 failed/ with a report for every row.")
set(CPACK_PACKAGE_CONTACT "m2drop maintainers <m2drop@localhost>")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# useradd (passwd) and systemctl are used by the maintainer scripts when
# present; both are guarded.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "passwd")

# /etc/m2drop/config.toml is a conffile: an upgrade never overwrites a
# configured file without asking.
set(M2DROP_DEBIAN_CONTROL_DIR ${CMAKE_CURRENT_BINARY_DIR}/debian-control)
file(MAKE_DIRECTORY ${M2DROP_DEBIAN_CONTROL_DIR})
file(WRITE ${M2DROP_DEBIAN_CONTROL_DIR}/conffiles "/etc/m2drop/config.toml\n")
foreach(script postinst prerm postrm)
  file(COPY ${PROJECT_SOURCE_DIR}/packaging/debian/${script}
       DESTINATION ${M2DROP_DEBIAN_CONTROL_DIR}
       FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ
                        GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
    ${M2DROP_DEBIAN_CONTROL_DIR}/conffiles
    ${M2DROP_DEBIAN_CONTROL_DIR}/postinst
    ${M2DROP_DEBIAN_CONTROL_DIR}/prerm
    ${M2DROP_DEBIAN_CONTROL_DIR}/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION TRUE)

include(CPack)

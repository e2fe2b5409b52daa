# CPack configuration for every platform; included by installer/CMakeLists.txt after the install rules.
# Build and install steps per OS: installer/README.md.
#   Linux:   DEB, TGZ, RPM (RPM only where rpmbuild is installed)   cpack -G DEB   (from the build directory)
#   Windows: NSIS, ZIP                                              cpack -G NSIS
#   macOS:   DragNDrop, TGZ                                         cpack -G DragNDrop
set(CPACK_PACKAGE_NAME "astro-auth")
set(CPACK_PACKAGE_VENDOR "astro-auth")
set(CPACK_PACKAGE_CONTACT "astro-auth maintainers <maintainers@astro-auth.invalid>")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_DESCRIPTION
    "astro-auth gives you the `astro auth` commands of the Astro CLI (login, logout, token, status) as a small
Qt 6 program. Browser login uses the authorization code flow with PKCE and a checked state over a loopback
listener; headless machines get a login link or the device code flow; pipelines log in with a token.
Credentials are kept in the OS keychain (Secret Service or KWallet on Linux), never in a plaintext file
unless no keychain can be used, and then it says so.")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://www.astronomer.io/docs/astro/cli/astro-login")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "astro-auth")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
if(EXISTS "${PROJECT_SOURCE_DIR}/LICENSE")
  set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
endif()

if(WIN32)
  set(CPACK_GENERATOR "NSIS;ZIP")
elseif(APPLE)
  set(CPACK_GENERATOR "DragNDrop;TGZ")
else()
  set(CPACK_GENERATOR "DEB;TGZ")
  find_program(ASTRO_RPMBUILD rpmbuild)
  if(ASTRO_RPMBUILD)
    list(APPEND CPACK_GENERATOR RPM)
  endif()
endif()

# File names: astro-auth-0.1.0-Linux-x86_64.tar.gz, astro-auth-0.1.0-Darwin-arm64.dmg, astro-auth-0.1.0-win64.exe
# (the archives have their files under a directory of the same name); the DEB and the RPM use their distributions'
# conventions (below).
if(NOT WIN32)
  set(CPACK_SYSTEM_NAME "${CMAKE_SYSTEM_NAME}-${CMAKE_SYSTEM_PROCESSOR}")
endif()

# `cpack --config CPackSourceConfig.cmake` (package_source): the sources without build trees and installed modules.
set(CPACK_SOURCE_GENERATOR "TGZ")
set(CPACK_SOURCE_IGNORE_FILES "/\\.git/" "/build/" "/\\.cache/" "/node_modules/" "\\.user$" "/tests/fuzz/crashes/")

# --- Debian ---------------------------------------------------------------------------------------
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT) # astro-auth_0.1.0_amd64.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "utils")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "${CPACK_PACKAGE_HOMEPAGE_URL}")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
# The shared libraries astro links come from dpkg-shlibdeps (needs dpkg-dev) ...
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
# ... plus what is loaded with dlopen, which dpkg-shlibdeps cannot see: QtKeychain loads libsecret-1.so.0
# at run time for the Secret Service, and libqt6keychain1 itself does not depend on it.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libsecret-1-0")
# A Secret Service (or KWallet) to keep the credentials in; xdg-open to open the browser; the CA certificates
# for https to Astro. Without them astro still works: the file store, the login link, a clear TLS error.
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager | keepassxc, xdg-utils, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "libsecret-tools")

# --- RPM (Fedora, RHEL/EPEL, openSUSE names) ------------------------------------------------------
set(CPACK_RPM_FILE_NAME RPM-DEFAULT) # astro-auth-0.1.0-1.x86_64.rpm
set(CPACK_RPM_PACKAGE_LICENSE "Apache-2.0")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
set(CPACK_RPM_PACKAGE_URL "${CPACK_PACKAGE_HOMEPAGE_URL}")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
# rpmbuild's automatic requirements cover the linked sonames; libsecret is dlopened (as for the DEB).
set(CPACK_RPM_PACKAGE_REQUIRES "libsecret")
# Weak dependencies, as the DEB's Recommends (dnf installs them by default). Written into the spec's preamble
# directly: CMake 3.25's CPACK_RPM_PACKAGE_SUGGESTS check drops the tag with rpm 4.18.
set(CPACK_RPM_SPEC_MORE_DEFINE "Recommends: gnome-keyring\nRecommends: xdg-utils")
# Directories owned by the filesystem package or by the shells' packages, not by astro-auth.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/man /usr/share/man/man1 /usr/share/applications /usr/share/icons /usr/share/icons/hicolor
    /usr/share/icons/hicolor/scalable /usr/share/icons/hicolor/scalable/apps /usr/share/bash-completion
    /usr/share/bash-completion/completions /usr/share/zsh /usr/share/zsh/site-functions /usr/share/fish
    /usr/share/fish/vendor_completions.d)

# --- Windows (NSIS) -------------------------------------------------------------------------------
# The packaged tree already holds the Qt DLLs: installer/CMakeLists.txt runs windeployqt at install time.
set(CPACK_NSIS_PACKAGE_NAME "astro-auth ${PROJECT_VERSION}")
set(CPACK_NSIS_DISPLAY_NAME "astro-auth (Astro Login)")
set(CPACK_NSIS_CONTACT "${CPACK_PACKAGE_CONTACT}")
set(CPACK_NSIS_URL_INFO_ABOUT "${CPACK_PACKAGE_HOMEPAGE_URL}")
set(CPACK_NSIS_HELP_LINK "${CPACK_PACKAGE_HOMEPAGE_URL}")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\astro.exe")
set(CPACK_NSIS_MODIFY_PATH ON) # offers to add <install dir>\bin to PATH, so `astro` works in any terminal
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
set(CPACK_NSIS_BRANDING_TEXT "astro-auth ${PROJECT_VERSION}")
# Start menu: the login window (what `astro auth login --gui` and the Linux desktop entry open), without a
# console window; the uninstaller's shortcut comes with CPack.
if(TARGET astro-gui)
  set(CPACK_NSIS_CREATE_ICONS_EXTRA
      "CreateShortCut '$SMPROGRAMS\\\\$STARTMENU_FOLDER\\\\Astro Login.lnk' '$INSTDIR\\\\bin\\\\astro-gui.exe'")
  set(CPACK_NSIS_DELETE_ICONS_EXTRA "Delete '$SMPROGRAMS\\\\$START_MENU\\\\Astro Login.lnk'")
  set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\\\astro-gui.exe")
endif()
if(EXISTS "${PROJECT_SOURCE_DIR}/installer/windows/astro.ico")
  set(CPACK_NSIS_MUI_ICON "${PROJECT_SOURCE_DIR}/installer/windows/astro.ico")
  set(CPACK_NSIS_MUI_UNIICON "${PROJECT_SOURCE_DIR}/installer/windows/astro.ico")
endif()

# --- macOS (DragNDrop) ----------------------------------------------------------------------------
# The disk image holds "Astro Login.app" (Qt frameworks deployed by macdeployqt at install time) and a link
# to /Applications to drag it onto.
set(CPACK_DMG_VOLUME_NAME "astro-auth ${PROJECT_VERSION}")
set(CPACK_DMG_FORMAT "UDZO") # compressed, read-only

include(CPack)

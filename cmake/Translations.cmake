# Qt Linguist translations of astro's messages (included from src/CMakeLists.txt).
#
#   translations/astro_<lang>.ts   the catalogues, kept in the repository, made by lupdate over
#                                  all of src/ (-locations none, so they diff cleanly)
#   astro_i18n                     a static library: the compiled .qm files embedded as
#                                  :/i18n/astro_<lang>.qm, and astro::installTranslations()
#                                  (core/Translations.h)
#   astro_i18n_lupdate             cmake --build <dir> --target astro_i18n_lupdate refreshes the
#                                  .ts files from the sources (also: update_translations)
#
# scripts/check-translations.sh fails when the .ts files are stale or a message is unfinished.

find_package(Qt6 REQUIRED COMPONENTS LinguistTools)

set(ASTRO_LANGUAGES de fr ja)
set(ASTRO_TS_FILES)
foreach(lang IN LISTS ASTRO_LANGUAGES)
  list(APPEND ASTRO_TS_FILES "${PROJECT_SOURCE_DIR}/translations/astro_${lang}.ts")
endforeach()
# The same options as scripts/check-translations.sh uses.
set(ASTRO_LUPDATE_OPTIONS -locations none -no-obsolete -source-language en)

add_library(astro_i18n STATIC ${CMAKE_CURRENT_SOURCE_DIR}/core/Translations.cpp)
target_include_directories(astro_i18n PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(astro_i18n PUBLIC Qt6::Core PRIVATE astro_build_flags)

# Every source under src/, so strings added anywhere (new files too) are picked up by a re-run.
file(GLOB_RECURSE ASTRO_I18N_SOURCES CONFIGURE_DEPENDS
  ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp ${CMAKE_CURRENT_SOURCE_DIR}/*.h ${CMAKE_CURRENT_SOURCE_DIR}/*.ui)
qt_add_lupdate(astro_i18n TS_FILES ${ASTRO_TS_FILES} SOURCES ${ASTRO_I18N_SOURCES}
  INCLUDE_DIRECTORIES ${CMAKE_CURRENT_SOURCE_DIR} OPTIONS ${ASTRO_LUPDATE_OPTIONS})

set_source_files_properties(${ASTRO_TS_FILES} PROPERTIES OUTPUT_LOCATION "${CMAKE_CURRENT_BINARY_DIR}/i18n")
qt_add_lrelease(astro_i18n TS_FILES ${ASTRO_TS_FILES} OPTIONS -silent QM_FILES_OUTPUT_VARIABLE ASTRO_QM_FILES)
qt_add_resources(astro_i18n astro_i18n_qm PREFIX /i18n BASE "${CMAKE_CURRENT_BINARY_DIR}/i18n" FILES ${ASTRO_QM_FILES})

# Every program's start (startApplication, src/wiring/ProcessStart.cpp) installs them.
target_link_libraries(astro_wiring PUBLIC astro_i18n)

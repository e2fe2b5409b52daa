# Project-wide warning and sanitizer flags, applied through an interface target.
add_library(astro_build_flags INTERFACE)
target_compile_options(astro_build_flags INTERFACE
  $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Woverloaded-virtual -Wformat=2>
  $<$<CXX_COMPILER_ID:MSVC>:/W4 /permissive->)
target_compile_definitions(astro_build_flags INTERFACE QT_USE_QSTRINGBUILDER QT_NO_URL_CAST_FROM_STRING)
if(ASTRO_WERROR)
  target_compile_options(astro_build_flags INTERFACE
    $<$<CXX_COMPILER_ID:GNU,Clang,AppleClang>:-Werror> $<$<CXX_COMPILER_ID:MSVC>:/WX>)
endif()
if(ASTRO_SANITIZE)
  target_compile_options(astro_build_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_link_options(astro_build_flags INTERFACE -fsanitize=address,undefined)
endif()

# avocet_set_warnings(<target>): the project's warning policy, applied per target.
function(avocet_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${AVOCET_WERROR}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
      -Woverloaded-virtual -Wconversion -Wno-sign-conversion -Wformat=2 -Wimplicit-fallthrough
      $<$<BOOL:${AVOCET_WERROR}>:-Werror>)
  endif()
endfunction()

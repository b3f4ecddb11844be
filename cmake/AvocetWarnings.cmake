# avocet_set_warnings(<target>): the project's warning policy, applied per target.
function(avocet_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 $<$<BOOL:${AVOCET_WERROR}>:/WX>)
  else()
    target_compile_options(${target} PRIVATE
      -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
      -Woverloaded-virtual -Wconversion -Wno-sign-conversion -Wformat=2 -Wimplicit-fallthrough
      $<$<BOOL:${AVOCET_WERROR}>:-Werror>
      # GCC 12 reports std::optional<std::string> members as maybe-uninitialized after inlining
      # (GCC bugs 105562/107138); keep the warning visible but do not fail CI on it.
      $<$<CXX_COMPILER_ID:GNU>:-Wno-error=maybe-uninitialized>)
  endif()
endfunction()

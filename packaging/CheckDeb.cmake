# ctest script (packaging.deb_dependencies): builds the .deb with cpack into WORK_DIR and checks
# that dpkg-shlibdeps produced the run-time dependencies we rely on and that the data files sit
# where the desktop looks for them.
#   -DCPACK_COMMAND= -DDPKG_DEB= -DCONFIG=<CPackConfig.cmake> -DWORK_DIR=
#   -DEXPECT_DEPENDS=<package;...> -DEXPECT_FILES=<./path;...>
foreach(var CPACK_COMMAND DPKG_DEB CONFIG WORK_DIR EXPECT_DEPENDS EXPECT_FILES)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "CheckDeb.cmake: -D${var}=... is required")
  endif()
endforeach()

file(REMOVE_RECURSE "${WORK_DIR}")
file(MAKE_DIRECTORY "${WORK_DIR}")
execute_process(COMMAND "${CPACK_COMMAND}" -G DEB --config "${CONFIG}" -B "${WORK_DIR}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "cpack -G DEB failed (${rc}):\n${out}\n${err}")
endif()

file(GLOB debs "${WORK_DIR}/*.deb")
list(LENGTH debs count)
if(NOT count EQUAL 1)
  message(FATAL_ERROR "expected one .deb in ${WORK_DIR}, found ${count}: ${debs}\n${out}")
endif()

execute_process(COMMAND "${DPKG_DEB}" -f "${debs}" Depends
                RESULT_VARIABLE rc OUTPUT_VARIABLE depends OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "dpkg-deb -f ${debs} Depends failed (${rc})")
endif()
message(STATUS "Depends: ${depends}")
string(REPLACE "," ";" depends_list "${depends}")
foreach(package IN LISTS EXPECT_DEPENDS)
  set(found FALSE)
  foreach(entry IN LISTS depends_list)
    # "libfoo1 (>= 1.2)" or alternatives "a | b": match the package name as a whole word.
    if(entry MATCHES "(^|[ |])${package}( |$)")
      set(found TRUE)
    endif()
  endforeach()
  if(NOT found)
    message(FATAL_ERROR "Depends lacks ${package}: ${depends}")
  endif()
endforeach()

execute_process(COMMAND "${DPKG_DEB}" -c "${debs}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE contents)
foreach(path IN LISTS EXPECT_FILES)
  string(FIND "${contents}" " ${path}\n" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "${debs} does not contain ${path}:\n${contents}")
  endif()
endforeach()
message(STATUS "OK: ${debs}")

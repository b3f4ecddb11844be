# Every third-party dependency is found here, once, and exposed as an imported target.
find_package(PkgConfig REQUIRED)

# SQLCipher 4.x (bookworm-backports). Never the plain libsqlite3: both export sqlite3_*.
pkg_check_modules(SQLCIPHER REQUIRED IMPORTED_TARGET sqlcipher>=3.44)
pkg_check_modules(SODIUM REQUIRED IMPORTED_TARGET libsodium>=1.0.18)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(Poco REQUIRED COMPONENTS Foundation Net NetSSL Crypto Util JSON JWT)
find_package(OpenSSL REQUIRED)
find_package(PostgreSQL REQUIRED)
find_package(Threads REQUIRED)

if(AVOCET_BUILD_UI)
  find_package(Qt6 6.4 REQUIRED COMPONENTS Core Gui Widgets Network Concurrent Test LinguistTools Charts)
  set(CMAKE_AUTOMOC ON)
  # The operating system's keychain for platform/ (qtkeychain-qt6-dev): no plaintext fallback.
  find_package(Qt6Keychain REQUIRED)
  # The smartcard reader (platform/PcscCardMonitor, libpcsclite-dev): optional.
  pkg_check_modules(PCSC QUIET IMPORTED_TARGET libpcsclite)
endif()
if(AVOCET_BUILD_TESTS)
  find_package(GTest REQUIRED)
  include(GoogleTest)
endif()

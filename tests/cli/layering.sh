#!/usr/bin/env bash
# ARCHITECTURE.md rules that a build alone does not enforce.
set -uo pipefail
SRC="$1"; BIN="$2"
status=0
fail() { echo "FAIL: $*"; status=1; }

hits=$(grep -rlE '#include *[<"](Q[A-Za-z]+|Qt[A-Za-z]+/)' "$SRC/core" || true)
[ -z "$hits" ] || fail "core/ includes Qt headers: $hits"
# Code lines only (comments may name what is forbidden).
hits=$(grep -rnE 'PocoDataSQLite|Poco::DataSQLite|QSQLITE|Qt6::Sql|Qt::Sql' --include='*.cpp' --include='*.h' \
       --include='CMakeLists.txt' --include='*.cmake' "$SRC/core" "$SRC/ui" "$SRC/server" "$SRC/app" "$SRC/cmake" "$SRC/CMakeLists.txt" \
       | grep -vE ':[0-9]+:[[:space:]]*(//|#)' || true)
[ -z "$hits" ] || fail "plain SQLite can be loaded through: $hits"
# ui/ reads only Qt resources (":/…"); files and network go through core.
hits=$(grep -rlE '#include *[<"](QtNetwork|QNetworkAccessManager|QSaveFile|QTcpSocket|QTemporaryFile)' "$SRC/ui" || true)
[ -z "$hits" ] || fail "ui/ does its own file or network I/O: $hits"
hits=$(grep -rnE 'QFile[[:space:]]+[a-zA-Z_]+\(' "$SRC/ui" | grep -v 'QStringLiteral(":/' || true)
[ -z "$hits" ] || fail "ui/ opens files outside Qt resources: $hits"
hits=$(grep -rlE '#include *"ui/' "$SRC/server" "$SRC/core" || true)
[ -z "$hits" ] || fail "server/ or core/ depends on ui/: $hits"

for exe in "$BIN/app/avocetctl/avocetctl" "$BIN/app/avocet-hub/avocet-hub" "$BIN/app/avocet/avocet"; do
  [ -x "$exe" ] || continue
  libs=$(ldd "$exe")
  echo "$libs" | grep -q 'libsqlite3\.so' && fail "$(basename "$exe") links the plain libsqlite3"
  case "$(basename "$exe")" in
    avocetctl|avocet) echo "$libs" | grep -q 'libsqlcipher\.so' || fail "$(basename "$exe") does not link SQLCipher" ;;
  esac
done
[ $status -eq 0 ] && echo "ok: layering rules hold"
exit $status

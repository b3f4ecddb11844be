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
hits=$(grep -rlE '#include *"ui/' "$SRC/server" "$SRC/core" "$SRC/platform" || true)
[ -z "$hits" ] || fail "server/, core/ or platform/ depends on ui/: $hits"
# platform/ adapts the operating system (keychain, smartcard reader) for the desktop: no widgets.
hits=$(grep -rlE '#include *[<"](QtWidgets|QWidget|QDialog|QMainWindow)' "$SRC/platform" || true)
[ -z "$hits" ] || fail "platform/ uses widgets: $hits"
# The use-case layer sits on the engine: the engine never reaches up into it.
hits=$(grep -rlE '#include *"core/usecases/' "$SRC/core" --exclude-dir=usecases || true)
[ -z "$hits" ] || fail "the engine (core/) depends on the use-case layer: $hits"
# Front ends call the use cases for the jobs they own, never the steps: queueing a submission,
# acknowledging an alert, projecting synced records, wiping an expired briefcase.
hits=$(grep -rnE '(\.|->)createLocal\(|CaseloadStore\b.*\.acknowledge\(|caseload\.(acknowledge|withdrawAcknowledgement)\(|sync::(projectSyncedPatients|wipeExpiredBriefcase)\(' \
       --include='*.cpp' "$SRC/ui" "$SRC/app" | grep -vE ':[0-9]+:[[:space:]]*//' || true)
[ -z "$hits" ] || fail "a front end does a use case's steps itself (call core/usecases instead): $hits"

for exe in "$BIN/app/avocetctl/avocetctl" "$BIN/app/avocet-hub/avocet-hub" "$BIN/app/avocet/avocet"; do
  [ -x "$exe" ] || continue
  libs=$(ldd "$exe")
  grep -q 'libsqlite3\.so' <<<"$libs" && fail "$(basename "$exe") links the plain libsqlite3"
  case "$(basename "$exe")" in
    avocetctl|avocet) grep -q 'libsqlcipher\.so' <<<"$libs" || fail "$(basename "$exe") does not link SQLCipher" ;;
  esac
done
[ $status -eq 0 ] && echo "ok: layering rules hold"
exit $status

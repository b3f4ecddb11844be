#pragma once
// SIGTERM (logout, shutdown, service manager), SIGINT and SIGHUP become a normal Qt quit, so the
// session locks before the process ends: lock audited, WAL folded in, key wiped.
class QCoreApplication;

namespace avocet::app {

void quitOnTerminationSignals(QCoreApplication& app);

} // namespace avocet::app

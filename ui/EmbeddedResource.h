#pragma once
// Documents embedded in the application as Qt resources (":/templates/…", ":/epr/…"). The ui
// library reads nothing else itself: files on disk and the network go through core
// (ARCHITECTURE.md), which cli.layering checks.
#include <QByteArray>
#include <QString>

#include <optional>

namespace avocet::ui {

// The bytes of an embedded resource; nullopt when the path is not ":/…" or does not exist.
std::optional<QByteArray> readEmbeddedResource(const QString& resourcePath);

} // namespace avocet::ui

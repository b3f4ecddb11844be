#include "ui/EmbeddedResource.h"

#include <QFile>

namespace avocet::ui {

std::optional<QByteArray> readEmbeddedResource(const QString& resourcePath)
{
    if (!resourcePath.startsWith(QLatin1String(":/")))
        return std::nullopt;
    QFile file(QStringLiteral(":/") + resourcePath.mid(2));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

} // namespace avocet::ui

#include "print/Letterhead.h"

#include <QSettings>
#include <QString>
#include <QStringList>
#include <QVariant>

namespace avocet::print {

namespace {

std::string setting(const QSettings& settings, const char* key)
{
    // An INI value with commas not in quotes (an address, as administrators write one) reads as a list.
    const QVariant value = settings.value(QStringLiteral("letterhead/") + QLatin1String(key));
    const QString text = value.typeId() == QMetaType::QStringList ? value.toStringList().join(QStringLiteral(", "))
                                                                  : value.toString();
    return text.trimmed().toStdString();
}

bool looksLikeOdsCode(const std::string& code)
{
    if (code.size() < 3 || code.size() > 10)
        return false;
    for (char c : code)
        if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
            return false;
    return true;
}

} // namespace

core::documents::Sender letterheadFrom(const QSettings& settings, std::vector<std::string>* warnings)
{
    const auto warn = [&](const std::string& text) {
        if (warnings)
            warnings->push_back(settings.fileName().toStdString() + ": " + text);
    };
    core::documents::Sender sender;
    const std::string name = setting(settings, "trustName");
    if (name.empty()) {
        for (const char* key : {"odsCode", "address", "phone"})
            if (!setting(settings, key).empty())
                warn(std::string("letterhead/") + key + " is set but letterhead/trustName is not; the demo trust's "
                                                        "letterhead is used until the trust's name is set");
        return sender;
    }
    sender.name = name;
    sender.odsCode = setting(settings, "odsCode");
    sender.address = setting(settings, "address");
    sender.phone = setting(settings, "phone");
    if (sender.odsCode.empty())
        warn("letterhead/odsCode is not set; documents name the trust without its ODS code");
    else if (!looksLikeOdsCode(sender.odsCode))
        warn("letterhead/odsCode '" + sender.odsCode + "' is not an ODS code (3 to 10 capital letters and digits)");
    return sender;
}

core::documents::Sender letterheadFromSystem(std::vector<std::string>* warnings)
{
    const QSettings policy(QSettings::IniFormat, QSettings::SystemScope, QStringLiteral("NHS"), QStringLiteral("Avocet"));
    return letterheadFrom(policy, warnings);
}

core::documents::Sender letterheadFromFile(const std::string& path, std::vector<std::string>* warnings)
{
    const QSettings file(QString::fromStdString(path), QSettings::IniFormat);
    return letterheadFrom(file, warnings);
}

} // namespace avocet::print

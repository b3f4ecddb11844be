#include "ui/forms/AnswerText.h"

#include <QCoreApplication>
#include <QDate>
#include <QDateTime>
#include <QLocale>
#include <QRegularExpression>
#include <QTime>
#include <QTimeZone>

namespace avocet::ui::forms {

using core::forms::ItemType;
using nlohmann::json;

namespace {

// lupdate files a namespace-level tr() under the namespace's context, so the catalogue matches only that.
QString tr(const char* text) { return QCoreApplication::translate("avocet::ui::forms", text); }

QString qs(const std::string& s) { return QString::fromStdString(s); }

std::optional<QDate> parseDate(const QString& text)
{
    static const QRegularExpression uk(QStringLiteral(R"(^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$)"));
    static const QRegularExpression iso(QStringLiteral(R"(^(\d{4})-(\d{2})-(\d{2})$)"));
    if (auto m = uk.match(text); m.hasMatch()) {
        QDate d(m.captured(3).toInt(), m.captured(2).toInt(), m.captured(1).toInt());
        return d.isValid() ? std::optional<QDate>(d) : std::nullopt;
    }
    if (auto m = iso.match(text); m.hasMatch()) {
        QDate d(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).toInt());
        return d.isValid() ? std::optional<QDate>(d) : std::nullopt;
    }
    return std::nullopt;
}

std::optional<QTime> parseTime(const QString& text)
{
    static const QRegularExpression re(QStringLiteral(R"(^(\d{1,2})[:.](\d{2})(?::(\d{2}))?$)"));
    auto m = re.match(text);
    if (!m.hasMatch())
        return std::nullopt;
    QTime t(m.captured(1).toInt(), m.captured(2).toInt(), m.captured(3).isEmpty() ? 0 : m.captured(3).toInt());
    return t.isValid() ? std::optional<QTime>(t) : std::nullopt;
}

QString isoOffset(const QDateTime& local)
{
    const int offset = local.offsetFromUtc();
    const int minutes = std::abs(offset) / 60;
    return QStringLiteral("%1%2:%3")
        .arg(offset < 0 ? QLatin1Char('-') : QLatin1Char('+'))
        .arg(minutes / 60, 2, 10, QLatin1Char('0'))
        .arg(minutes % 60, 2, 10, QLatin1Char('0'));
}

QString dateText(const std::string& fhir)
{
    const QString value = qs(fhir);
    const QDate d = QDate::fromString(value.left(10), Qt::ISODate);
    if (d.isValid())
        return d.toString(QStringLiteral("dd/MM/yyyy"));
    return value; // partial dates (2024, 2024-05) are shown as written
}

} // namespace

QString numberText(const json& number)
{
    if (number.is_number_integer())
        return QString::number(number.get<long long>());
    if (number.is_number_unsigned())
        return QString::number(number.get<unsigned long long>());
    if (number.is_number_float()) {
        // Shortest text that reads back as the same double (0.1 stays 0.1).
        QString text = QString::number(number.get<double>(), 'g', 17);
        for (int precision = 1; precision <= 17; ++precision) {
            QString candidate = QString::number(number.get<double>(), 'g', precision);
            if (candidate.toDouble() == number.get<double>()) {
                text = candidate;
                break;
            }
        }
        if (text.contains(QLatin1Char('e')))
            text = QString::number(number.get<double>(), 'f', 6).remove(QRegularExpression(QStringLiteral("\\.?0+$")));
        return text;
    }
    if (number.is_string())
        return qs(number.get<std::string>());
    return qs(number.dump());
}

QString optionLabel(const core::forms::AnswerOption& option)
{
    const json& v = option.value;
    if (v.is_object()) {
        if (auto d = v.find("display"); d != v.end() && d->is_string())
            return qs(d->get<std::string>());
        if (auto c = v.find("code"); c != v.end() && c->is_string())
            return qs(c->get<std::string>());
        if (auto r = v.find("reference"); r != v.end() && r->is_string())
            return qs(r->get<std::string>());
        return qs(v.dump());
    }
    if (v.is_boolean())
        return v.get<bool>() ? tr("Yes") : tr("No");
    if (v.is_string()) {
        if (option.valueKey == "valueDate")
            return dateText(v.get<std::string>());
        return qs(v.get<std::string>());
    }
    return numberText(v);
}

bool answerMatchesOption(const json& answer, const core::forms::AnswerOption& option)
{
    auto it = answer.find(option.valueKey);
    if (it == answer.end())
        return false;
    if (option.value.is_object() && it->is_object()) {
        // Codings match on system and code; a missing system on either side matches any.
        const std::string code = option.value.value("code", std::string());
        const std::string system = option.value.value("system", std::string());
        const std::string otherSystem = it->value("system", std::string());
        if (!code.empty())
            return it->value("code", std::string()) == code &&
                   (system.empty() || otherSystem.empty() || system == otherSystem);
        return *it == option.value;
    }
    return *it == option.value;
}

QString limitText(const json& limit)
{
    if (!limit.is_object() || limit.empty())
        return {};
    const auto& [key, value] = *limit.items().begin();
    if (key == "valueDate")
        return dateText(value.get<std::string>());
    if (key == "valueQuantity" && value.is_object())
        return numberText(value.value("value", json())) + QLatin1Char(' ') +
               qs(value.value("unit", value.value("code", std::string())));
    return value.is_string() ? qs(value.get<std::string>()) : numberText(value);
}

QString itemTitle(const core::forms::QuestionnaireItem& item)
{
    QString text = qs(item.text).trimmed();
    if (text.isEmpty())
        text = qs(item.linkId);
    if (!item.prefix.empty())
        text = qs(item.prefix) + QLatin1Char(' ') + text;
    return text;
}

QString answerToText(const core::forms::QuestionnaireItem& item, const json& answer)
{
    if (!answer.is_object() || answer.empty())
        return {};
    for (const auto& option : item.answerOptions) {
        if (answerMatchesOption(answer, option))
            return optionLabel(option);
    }
    for (const auto& [key, value] : answer.items()) {
        if (key == "item")
            continue;
        if (key == "valueBoolean")
            return value.get<bool>() ? tr("Yes") : tr("No");
        if (key == "valueDate")
            return dateText(value.get<std::string>());
        if (key == "valueDateTime") {
            QDateTime dt = QDateTime::fromString(qs(value.get<std::string>()), Qt::ISODate);
            return dt.isValid() ? dt.toLocalTime().toString(QStringLiteral("dd/MM/yyyy HH:mm"))
                                : dateText(value.get<std::string>());
        }
        if (key == "valueTime")
            return qs(value.get<std::string>()).left(5);
        if (key == "valueCoding") {
            core::forms::AnswerOption option;
            option.valueKey = key;
            option.value = value;
            return optionLabel(option);
        }
        if (key == "valueQuantity" && value.is_object()) {
            QString text = numberText(value.value("value", json()));
            const std::string unit = value.value("unit", value.value("code", std::string()));
            return unit.empty() ? text : text + QLatin1Char(' ') + qs(unit);
        }
        if (key == "valueReference" && value.is_object())
            return qs(value.value("reference", value.value("display", std::string())));
        if (key == "valueAttachment" && value.is_object())
            return qs(value.value("title", std::string("attachment")));
        return value.is_string() ? qs(value.get<std::string>()) : numberText(value);
    }
    return {};
}

Parsed textToAnswer(ItemType type, const QString& raw)
{
    const QString text = type == ItemType::Text ? raw : raw.trimmed();
    if (text.trimmed().isEmpty())
        return {};
    switch (type) {
    case ItemType::String:
    case ItemType::Text:
        return {json{{"valueString", text.toStdString()}}, {}};
    case ItemType::Url:
        return {json{{"valueUri", text.toStdString()}}, {}};
    case ItemType::Integer: {
        bool ok = false;
        const qlonglong value = text.toLongLong(&ok);
        if (!ok || value > std::numeric_limits<int>::max() || value < std::numeric_limits<int>::min())
            return {std::nullopt, tr("Enter a whole number, for example 12.")};
        return {json{{"valueInteger", value}}, {}};
    }
    case ItemType::Decimal:
    case ItemType::Quantity: {
        static const QRegularExpression re(QStringLiteral(R"(^[-+]?(\d+\.?\d*|\.\d+)$)"));
        if (!re.match(text).hasMatch())
            return {std::nullopt, tr("Enter a number, for example 72.5.")};
        // Keep the digits as typed: FHIR decimals are exact.
        const json number = json::parse(text.startsWith(QLatin1Char('+')) ? text.mid(1).toStdString()
                                        : text.startsWith(QLatin1Char('.')) ? "0" + text.toStdString()
                                        : text.endsWith(QLatin1Char('.')) ? text.chopped(1).toStdString()
                                                                          : text.toStdString(),
                                        nullptr, false);
        if (number.is_discarded())
            return {std::nullopt, tr("Enter a number, for example 72.5.")};
        return {json{{"valueDecimal", number}}, {}};
    }
    case ItemType::Date: {
        auto d = parseDate(text);
        if (!d)
            return {std::nullopt, tr("Enter a real date as day/month/year, for example 31/12/2024.")};
        return {json{{"valueDate", d->toString(Qt::ISODate).toStdString()}}, {}};
    }
    case ItemType::Time: {
        auto t = parseTime(text);
        if (!t)
            return {std::nullopt, tr("Enter a time on the 24-hour clock, for example 14:30.")};
        return {json{{"valueTime", t->toString(QStringLiteral("HH:mm:ss")).toStdString()}}, {}};
    }
    case ItemType::DateTime: {
        const QStringList parts = text.split(QRegularExpression(QStringLiteral("[ T]+")), Qt::SkipEmptyParts);
        auto d = parts.isEmpty() ? std::nullopt : parseDate(parts.front());
        auto t = parts.size() == 2 ? parseTime(parts.back()) : std::nullopt;
        if (!d || !t)
            return {std::nullopt, tr("Enter a date and time, for example 31/12/2024 14:30.")};
        const QDateTime local(*d, *t);
        return {json{{"valueDateTime",
                      (local.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) + isoOffset(local)).toStdString()}},
                {}};
    }
    default:
        return {json{{"valueString", text.toStdString()}}, {}};
    }
}

} // namespace avocet::ui::forms

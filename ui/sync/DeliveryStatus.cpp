#include "ui/sync/DeliveryStatus.h"

#include <QCoreApplication>

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/store/Cache.h"
#include "core/usecases/SubmissionDeliveries.h"
#include "ui/forms/FormRecords.h"

namespace avocet::ui::sync {

using nlohmann::json;

namespace {

QString q(const std::string& text)
{
    return QString::fromStdString(text);
}

QDateTime instant(const std::string& text)
{
    QDateTime when = QDateTime::fromString(q(text), Qt::ISODateWithMs);
    return when.isValid() ? when.toUTC() : QDateTime();
}

// lupdate files a namespace-level tr() under the namespace's context, so the catalogue matches only that.
QString tr(const char* text)
{
    return QCoreApplication::translate("avocet::ui::sync", text);
}

} // namespace

QVector<SubmissionDelivery> loadDeliveries(core::store::Cache& cache, const PatientRow& patient)
{
    QVector<SubmissionDelivery> out;
    std::string nhs;
    for (const QChar c : patient.nhsNumber)
        if (c.isDigit())
            nhs.push_back(static_cast<char>(c.toLatin1()));
    const auto builtInTitle = [](const std::string& canonical) {
        const json form = forms::builtInTemplate(canonical);
        return form.is_object() && form.contains("title") && form["title"].is_string() ? form["title"].get<std::string>()
                                                                                      : std::string();
    };
    auto deliveries = core::usecases::submissionDeliveries(cache, patient.id.toStdString(), nhs, builtInTitle);
    if (!deliveries)
        return out;
    for (const auto& delivery : *deliveries) {
        SubmissionDelivery item;
        item.title = q(delivery.title);
        item.epr = patient.epr;
        item.authored = instant(delivery.authored);
        item.sent = delivery.sent;
        item.version = delivery.version;
        for (const auto& receipt : delivery.receipts) {
            DeliveryReceipt shown;
            shown.epr = q(receipt.epr);
            shown.state = q(receipt.state);
            shown.deliveredAt = instant(receipt.deliveredAt);
            shown.nextAttempt = instant(receipt.nextAttempt);
            shown.reason = q(receipt.reason);
            shown.attempts = receipt.attempts;
            for (const auto& warning : receipt.warnings)
                shown.warnings << q(warning);
            item.receipts.push_back(shown);
        }
        out.push_back(item);
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const SubmissionDelivery& a, const SubmissionDelivery& b) { return a.authored > b.authored; });
    return out;
}

QString receiptText(const DeliveryReceipt& receipt)
{
    const auto hhmm = [](const QDateTime& when) { return when.toLocalTime().toString(QStringLiteral("HH:mm")); };
    const QString epr = receipt.epr.isEmpty() ? tr("EPR") : receipt.epr;
    if (receipt.state == QStringLiteral("delivered"))
        return receipt.deliveredAt.isValid() ? tr("%1: delivered %2").arg(epr, hhmm(receipt.deliveredAt))
                                             : tr("%1: delivered").arg(epr);
    if (receipt.state == QStringLiteral("pending"))
        return receipt.nextAttempt.isValid() ? tr("%1: pending — retry at %2").arg(epr, hhmm(receipt.nextAttempt))
                                             : tr("%1: pending").arg(epr);
    if (receipt.state == QStringLiteral("failing")) {
        QString text = tr("%1: failing — %2").arg(epr, receipt.reason.isEmpty() ? tr("no reason given") : receipt.reason);
        if (receipt.nextAttempt.isValid())
            text += tr("; retry at %1").arg(hhmm(receipt.nextAttempt));
        return text;
    }
    if (receipt.state == QStringLiteral("failed"))
        return tr("%1: failed — %2").arg(epr, receipt.reason.isEmpty() ? tr("no reason given") : receipt.reason);
    return tr("%1: %2").arg(epr, receipt.state);
}

} // namespace avocet::ui::sync

#include "ui/sync/DeliveryStatusView.h"

#include <QHeaderView>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/Session.h"

namespace avocet::ui::sync {

DeliveryStatusView::DeliveryStatusView(Session& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("deliveryStatus"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    m_title = new QLabel(tr("Submissions and EPR delivery"), this);
    m_title->setStyleSheet(QStringLiteral("font-weight: 600;"));
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("deliveryTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setRootIsDecorated(true);
    // As tall as its rows need, up to a limit: the forms and history above get the rest.
    m_tree->setMinimumHeight(80);
    m_tree->setMaximumHeight(180);
    m_tree->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    m_empty = new QLabel(tr("No submissions on this computer for this patient."), this);
    m_empty->setObjectName(QStringLiteral("deliveryEmpty"));
    m_empty->setIndent(8);
    layout->addWidget(m_title);
    layout->addWidget(m_tree);
    layout->addWidget(m_empty);
    m_tree->hide();
}

void DeliveryStatusView::showPatient(const PatientRow& patient)
{
    m_patient = patient;
    m_tree->clear();
    reload();
}

void DeliveryStatusView::reload()
{
    if (m_patient.id.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    const PatientRow patient = m_patient;
    m_session.withCache<QVector<SubmissionDelivery>>(
        this,
        [patient](core::store::Cache& cache) {
            Reply<QVector<SubmissionDelivery>> reply;
            reply.value = loadDeliveries(cache, patient);
            return reply;
        },
        [this, generation](Reply<QVector<SubmissionDelivery>> reply) {
            if (generation != m_generation || !reply.ok())
                return; // another patient since, or locked
            setDeliveries(reply.value);
        });
}

void DeliveryStatusView::clear()
{
    ++m_generation;
    m_patient = {};
    m_tree->clear();
}

void DeliveryStatusView::setDeliveries(const QVector<SubmissionDelivery>& deliveries)
{
    m_tree->clear();
    m_tree->setVisible(!deliveries.isEmpty());
    m_empty->setVisible(deliveries.isEmpty());
    if (deliveries.isEmpty())
        return;
    for (const auto& delivery : deliveries) {
        const QString when = delivery.authored.isValid()
                                 ? delivery.authored.toLocalTime().toString(QStringLiteral("ddd dd-MMM-yyyy HH:mm"))
                                 : QString();
        auto* top = new QTreeWidgetItem(m_tree, {tr("%1 · %2").arg(delivery.title, when)});
        if (!delivery.sent) {
            auto* child = new QTreeWidgetItem(
                top, {delivery.epr.isEmpty() ? tr("Waiting to send from this computer")
                                             : tr("Waiting to send from this computer, for %1").arg(delivery.epr)});
            child->setForeground(0, QColor(0x6d, 0x6d, 0x6d));
        } else if (delivery.receipts.isEmpty()) {
            auto* child = new QTreeWidgetItem(
                top, {delivery.epr.isEmpty() ? tr("Sent — no delivery receipt yet")
                                             : tr("Sent, for %1 — no delivery receipt yet").arg(delivery.epr)});
            child->setForeground(0, QColor(0x6d, 0x6d, 0x6d));
        }
        for (const auto& receipt : delivery.receipts) {
            auto* child = new QTreeWidgetItem(top, {receiptText(receipt)});
            if (receipt.state == QStringLiteral("delivered"))
                child->setForeground(0, QColor(0x2e, 0x7d, 0x32));
            else if (receipt.state == QStringLiteral("failing") || receipt.state == QStringLiteral("failed"))
                child->setForeground(0, QColor(0xc6, 0x28, 0x28));
            else
                child->setForeground(0, QColor(0xb2, 0x6a, 0x00));
            for (const QString& warning : receipt.warnings) {
                auto* note = new QTreeWidgetItem(child, {tr("Not held as sent — %1").arg(warning)});
                note->setForeground(0, QColor(0xb2, 0x6a, 0x00));
            }
            child->setExpanded(true);
        }
        top->setExpanded(true);
    }
}

QStringList DeliveryStatusView::lines() const
{
    QStringList out;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const auto* top = m_tree->topLevelItem(i);
        out << top->text(0);
        for (int c = 0; c < top->childCount(); ++c) {
            out << QStringLiteral("  ") + top->child(c)->text(0);
            for (int n = 0; n < top->child(c)->childCount(); ++n)
                out << QStringLiteral("    ") + top->child(c)->child(n)->text(0);
        }
    }
    return out;
}

} // namespace avocet::ui::sync

#include "ui/sync/TransferDocumentsView.h"

#include <QColor>
#include <QLabel>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/usecases/TransferDocuments.h"
#include "ui/Session.h"

namespace avocet::ui::sync {

namespace {

QString qs(const std::string& text)
{
    return QString::fromStdString(text);
}

QDateTime instant(const std::string& iso)
{
    return QDateTime::fromString(qs(iso), Qt::ISODateWithMs);
}

QString when(const QDateTime& at)
{
    return at.isValid() ? at.toLocalTime().toString(QStringLiteral("ddd dd-MMM HH:mm")) : QString();
}

QVector<SentDocument> loadDocuments(core::store::Cache& cache, const QString& patientId)
{
    QVector<SentDocument> out;
    auto documents = core::usecases::transferDocuments(cache, patientId.toStdString());
    if (!documents)
        return out;
    for (const auto& document : *documents) {
        SentDocument sent;
        sent.title = qs(document.title);
        sent.version = document.version;
        sent.current = document.current;
        sent.recipient = QStringLiteral("%1 (%2)").arg(qs(document.recipientName), qs(document.recipientCode));
        sent.signedBy = qs(document.signedBy);
        sent.signedAt = instant(document.signedAt);
        sent.sent = document.sent;
        for (const auto& receipt : document.receipts)
            sent.receipts.push_back({qs(receipt.epr), qs(receipt.state), qs(receipt.reason), instant(receipt.deliveredAt)});
        out.push_back(std::move(sent));
    }
    return out;
}

} // namespace

QString documentReceiptText(const DocumentReceipt& receipt)
{
    const QString at = when(receipt.at);
    if (receipt.state == QStringLiteral("accepted"))
        return TransferDocumentsView::tr("Accepted by %1 · %2").arg(receipt.recipient, at);
    if (receipt.state == QStringLiteral("rejected"))
        return TransferDocumentsView::tr("Rejected by %1: %2").arg(receipt.recipient, receipt.reason);
    if (receipt.state == QStringLiteral("delivered"))
        return TransferDocumentsView::tr("Received by %1 · %2 — awaiting their acknowledgement").arg(receipt.recipient, at);
    if (receipt.state == QStringLiteral("failing"))
        return TransferDocumentsView::tr("Not yet through to %1, retrying: %2").arg(receipt.recipient, receipt.reason);
    if (receipt.state == QStringLiteral("failed"))
        return TransferDocumentsView::tr("Could not be sent to %1: %2").arg(receipt.recipient, receipt.reason);
    return TransferDocumentsView::tr("Queued at the hub for %1").arg(receipt.recipient);
}

TransferDocumentsView::TransferDocumentsView(Session& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("transferDocuments"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 8, 0, 0);
    auto* title = new QLabel(tr("Documents sent (discharge summaries, letters, Care Act notices)"), this);
    title->setStyleSheet(QStringLiteral("font-weight: 600;"));
    m_tree = new QTreeWidget(this);
    m_tree->setObjectName(QStringLiteral("transferTree"));
    m_tree->setHeaderHidden(true);
    m_tree->setMinimumHeight(80);
    m_tree->setMaximumHeight(180);
    m_tree->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    m_tree->setAccessibleName(tr("Documents sent and what each recipient said"));
    m_empty = new QLabel(tr("No discharge summary, letter or notice signed off for this patient."), this);
    m_empty->setIndent(8);
    layout->addWidget(title);
    layout->addWidget(m_tree);
    layout->addWidget(m_empty);
    m_tree->hide();
}

void TransferDocumentsView::showPatient(const PatientRow& patient)
{
    m_patient = patient;
    m_tree->clear();
    reload();
}

void TransferDocumentsView::reload()
{
    if (m_patient.id.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    const QString patientId = m_patient.id;
    m_session.withCache<QVector<SentDocument>>(
        this,
        [patientId](core::store::Cache& cache) {
            Reply<QVector<SentDocument>> reply;
            reply.value = loadDocuments(cache, patientId);
            return reply;
        },
        [this, generation](Reply<QVector<SentDocument>> reply) {
            if (generation != m_generation || !reply.ok())
                return; // another patient since, or locked
            setDocuments(reply.value);
        });
}

void TransferDocumentsView::clear()
{
    ++m_generation;
    m_patient = {};
    m_tree->clear();
}

void TransferDocumentsView::setDocuments(const QVector<SentDocument>& documents)
{
    m_tree->clear();
    m_tree->setVisible(!documents.isEmpty());
    m_empty->setVisible(documents.isEmpty());
    for (const auto& document : documents) {
        auto* top = new QTreeWidgetItem(
            m_tree, {tr("%1 · version %2 · to %3 · signed off by %4, %5")
                         .arg(document.title)
                         .arg(document.version)
                         .arg(document.recipient, document.signedBy, when(document.signedAt))});
        const QColor grey(0x6d, 0x6d, 0x6d);
        if (!document.current) {
            auto* child = new QTreeWidgetItem(top, {tr("Replaced by a later version")});
            child->setForeground(0, grey);
        }
        if (!document.sent) {
            auto* child = new QTreeWidgetItem(top, {tr("Waiting to send from this computer")});
            child->setForeground(0, grey);
        } else if (document.receipts.isEmpty()) {
            auto* child = new QTreeWidgetItem(top, {tr("Sent to the hub — no receipt yet")});
            child->setForeground(0, grey);
        }
        for (const auto& receipt : document.receipts) {
            auto* child = new QTreeWidgetItem(top, {documentReceiptText(receipt)});
            if (receipt.state == QStringLiteral("accepted") || receipt.state == QStringLiteral("delivered"))
                child->setForeground(0, QColor(0x2e, 0x7d, 0x32));
            else if (receipt.state == QStringLiteral("rejected") || receipt.state == QStringLiteral("failed") ||
                     receipt.state == QStringLiteral("failing"))
                child->setForeground(0, QColor(0xc6, 0x28, 0x28));
            else
                child->setForeground(0, QColor(0xb2, 0x6a, 0x00));
        }
        top->setExpanded(document.current);
    }
}

QStringList TransferDocumentsView::lines() const
{
    QStringList out;
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i) {
        const auto* top = m_tree->topLevelItem(i);
        out << top->text(0);
        for (int c = 0; c < top->childCount(); ++c)
            out << QStringLiteral("  ") + top->child(c)->text(0);
    }
    return out;
}

} // namespace avocet::ui::sync

#include "ui/history/PatientFormsView.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "ui/Session.h"

namespace avocet::ui::history {

namespace {

QString statusText(const QString& status)
{
    if (status == QLatin1String("in-progress"))
        return PatientFormsView::tr("Draft");
    if (status == QLatin1String("completed"))
        return PatientFormsView::tr("Completed");
    if (status == QLatin1String("amended"))
        return PatientFormsView::tr("Amended");
    if (status == QLatin1String("entered-in-error"))
        return PatientFormsView::tr("Entered in error");
    return status;
}

} // namespace

PatientFormsView::PatientFormsView(Session& session, QWidget* parent) : QWidget(parent), m_session(session)
{
    setObjectName(QStringLiteral("patientFormsView"));
    m_title = new QLabel(tr("Forms and history (every EPR)"), this);
    m_title->setStyleSheet(QStringLiteral("font-size: 13pt; font-weight: 600;"));
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    m_tree = new QTreeWidget(splitter);
    m_tree->setAccessibleName(tr("Forms and history for this patient"));
    m_tree->setRootIsDecorated(false);
    m_tree->setUniformRowHeights(true);
    m_tree->setHeaderLabels({tr("Form"), tr("Date"), tr("Status"), tr("From"), tr("Delivered to")});
    m_tree->header()->setStretchLastSection(true);
    auto* right = new QWidget(splitter);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    m_renderTitle = new QLabel(right);
    m_renderTitle->setWordWrap(true);
    m_renderTitle->setStyleSheet(QStringLiteral("font-weight: 600;"));
    m_rendering = new QPlainTextEdit(right);
    m_rendering->setReadOnly(true);
    m_rendering->setAccessibleName(tr("The selected form"));
    rightLayout->addWidget(m_renderTitle);
    rightLayout->addWidget(m_rendering, 1);
    splitter->addWidget(m_tree);
    splitter->addWidget(right);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({680, 420});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_title);
    layout->addWidget(splitter, 1);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, &PatientFormsView::showSelected);
}

void PatientFormsView::showPatient(const PatientRow& patient)
{
    m_patient = patient;
    reload();
}

void PatientFormsView::reload()
{
    if (m_patient.id.isEmpty())
        return;
    const quint64 generation = ++m_generation;
    const PatientRow patient = m_patient;
    m_session.withCache<QVector<HistoryEntry>>(
        this,
        [patient](core::store::Cache& cache) {
            Reply<QVector<HistoryEntry>> reply;
            reply.value = loadHistory(cache, patient);
            return reply;
        },
        [this, generation](Reply<QVector<HistoryEntry>> reply) {
            if (generation != m_generation)
                return; // another patient was opened, or the view was cleared
            setEntries(reply.ok() ? reply.value : QVector<HistoryEntry>());
            Q_EMIT loaded();
        });
}

void PatientFormsView::clear()
{
    ++m_generation;
    m_patient = {};
    setEntries({});
}

void PatientFormsView::setEntries(const QVector<HistoryEntry>& entries)
{
    m_entries = entries;
    m_tree->clear();
    for (int i = 0; i < m_entries.size(); ++i) {
        const HistoryEntry& entry = m_entries[i];
        QString title = entry.title;
        if (!entry.score.isEmpty())
            title += QStringLiteral(" — ") + entry.score;
        const QString when = entry.when.isValid()
                                 ? entry.when.toLocalTime().toString(QStringLiteral("dd-MMM-yyyy HH:mm"))
                                 : QString();
        const QString from = entry.kind == HistoryEntry::Kind::Native ? tr("%1 (historic record)").arg(entry.source)
                                                                      : entry.source;
        auto* row = new QTreeWidgetItem(m_tree, {title, when, statusText(entry.status), from,
                                                 entry.kind == HistoryEntry::Kind::Native ? tr("held in %1").arg(entry.source)
                                                                                          : entry.delivery.join(QStringLiteral("; "))});
        row->setData(0, Qt::UserRole, i);
        row->setToolTip(4, entry.delivery.join(QLatin1Char('\n')));
    }
    for (int c = 0; c < 5; ++c)
        m_tree->resizeColumnToContents(c);
    if (m_entries.isEmpty()) {
        m_renderTitle->setText(m_patient.id.isEmpty() ? QString() : tr("No forms for this patient yet."));
        m_rendering->clear();
    } else {
        m_tree->setCurrentItem(m_tree->topLevelItem(0));
    }
}

void PatientFormsView::showSelected()
{
    const auto* row = m_tree->currentItem();
    if (!row) {
        m_rendering->clear();
        return;
    }
    const HistoryEntry& entry = m_entries.at(row->data(0, Qt::UserRole).toInt());
    m_renderTitle->setText(tr("%1 · %2 · from %3").arg(entry.title, statusText(entry.status), entry.source));
    QString text = renderResponse(entry.questionnaire, entry.response);
    if (!entry.delivery.isEmpty() && entry.kind != HistoryEntry::Kind::Native)
        text += QStringLiteral("\n\n") + tr("Delivery:") + QLatin1Char('\n') + entry.delivery.join(QLatin1Char('\n'));
    m_rendering->setPlainText(text);
}

} // namespace avocet::ui::history

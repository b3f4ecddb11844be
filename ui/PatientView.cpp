#include "ui/PatientView.h"
#include "ui/RenewalDialog.h"
#include "ui/ScoreChartView.h"

#include <algorithm>

#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

#include "ui/PatientBanner.h"
#include "ui/forms/FormEvents.h"
#include "ui/history/PatientFormsView.h"

namespace avocet::ui {

namespace {

constexpr int kAlertKeyRole = Qt::UserRole + 1;

QString severityText(AlertItem::Severity severity)
{
    switch (severity) {
    case AlertItem::Severity::High: return PatientView::tr("High");
    case AlertItem::Severity::Medium: return PatientView::tr("Medium");
    case AlertItem::Severity::Low: return PatientView::tr("Low");
    }
    return {};
}

QString heldLine(const HeldItem& item)
{
    QString line = QStringLiteral("  • ") + item.title;
    if (!item.detail.isEmpty())
        line += QStringLiteral(" — ") + item.detail;
    if (!item.source.isEmpty())
        line += PatientView::tr(" (from %1)", "the system a record came from").arg(item.source);
    return line;
}

} // namespace

QString PatientView::heldText(const PatientRecord& record)
{
    QStringList lines;
    if (!record.flags.isEmpty()) {
        lines << tr("EPR flags:");
        for (const HeldItem& flag : record.flags)
            lines << heldLine(flag);
    }
    lines << (record.allergies.isEmpty() ? tr("Allergies (GP record, read only): none held on this computer.")
                                         : tr("Allergies (GP record, read only):"));
    for (const HeldItem& allergy : record.allergies)
        lines << heldLine(allergy);
    lines << (record.medications.isEmpty() ? tr("Medicines (GP record, read only): none held on this computer.")
                                           : tr("Medicines (GP record, read only):"));
    for (const HeldItem& medication : record.medications)
        lines << heldLine(medication);
    return lines.join(QLatin1Char('\n'));
}

PatientView::PatientView(const SessionClock& clock, SecureClipboard& clipboard, QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("patientView"));
    m_banner = new PatientBanner(clock, clipboard, this);
    m_alertsTitle = new QLabel(tr("Alerts"), this);
    m_alertsTitle->setStyleSheet(QStringLiteral("font-size: 13pt; font-weight: 600;"));
    m_alerts = new QListWidget(this);
    m_alerts->setAccessibleName(tr("Alerts for this patient"));
    m_alerts->setWordWrap(true);
    m_alerts->setMaximumHeight(190);
    m_acknowledge = new QPushButton(tr("&Acknowledge"), this);
    m_acknowledge->setToolTip(tr("Record that you have seen this alert. The acknowledgement is audited."));
    m_details = new QLabel(this);
    m_details->setWordWrap(true);
    m_details->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_held = new QLabel(this);
    m_held->setObjectName(QStringLiteral("heldRecords"));
    m_held->setWordWrap(true);
    m_held->setTextFormat(Qt::PlainText);
    m_held->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    m_held->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_held->setFocusPolicy(Qt::TabFocus);
    m_held->setAccessibleName(tr("EPR flags, allergies and medicines"));

    m_openForms = new QPushButton(tr("Start or continue a &form…"), this);
    m_openForms->setObjectName(QStringLiteral("openFormsButton"));
    m_openForms->setToolTip(tr("Start a form for this patient or continue a draft (Ctrl+Shift+F)"));

    m_renewal = new QPushButton(tr("Record &renewal…"), this);
    m_renewal->setObjectName(QStringLiteral("recordRenewalButton"));
    m_renewal->setToolTip(tr("Record a renewal (s.20) or extension (s.20A) of a power from the responsible clinician's "
                             "report, when the EPR does not show it yet. This is audited and sent to the hub."));

    m_withdrawRenewal = new QPushButton(tr("&Withdraw renewal…"), this);
    m_withdrawRenewal->setObjectName(QStringLiteral("withdrawRenewalButton"));
    m_withdrawRenewal->setToolTip(tr("Withdraw a renewal recorded in Avocet in error, saying why. This is audited and "
                                     "sent to the hub; the power falls back to the period before."));

    auto* alertRow = new QHBoxLayout;
    alertRow->addWidget(m_alertsTitle);
    alertRow->addStretch(1);
    alertRow->addWidget(m_acknowledge);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(16, 12, 16, 12);
    layout->setSpacing(10);
    layout->addWidget(m_banner);
    auto* actionRow = new QHBoxLayout;
    actionRow->addWidget(m_openForms);
    actionRow->addWidget(m_renewal);
    actionRow->addWidget(m_withdrawRenewal);
    actionRow->addStretch(1);
    layout->addLayout(actionRow);
    layout->addLayout(alertRow);
    layout->addWidget(m_alerts);
    layout->addWidget(m_held);
    layout->addWidget(m_details, 1);

    connect(m_openForms, &QPushButton::clicked, this, &PatientView::formsRequested);
    connect(m_renewal, &QPushButton::clicked, this, &PatientView::renewalRequested);
    connect(m_withdrawRenewal, &QPushButton::clicked, this, &PatientView::renewalWithdrawalRequested);
    connect(m_alerts, &QListWidget::currentRowChanged, this, &PatientView::updateAcknowledge);
    connect(m_acknowledge, &QPushButton::clicked, this, [this] {
        auto* item = m_alerts->currentItem();
        if (!item)
            return;
        if (item->data(Qt::UserRole + 2).toBool())
            Q_EMIT withdrawRequested(m_record.patient.id, item->data(kAlertKeyRole).toString());
        else
            Q_EMIT acknowledgeRequested(m_record.patient.id, item->data(kAlertKeyRole).toString());
    });
    clear();
}

void PatientView::setRecord(const PatientRecord& record)
{
    const QString keep = m_alerts->currentItem() ? m_alerts->currentItem()->data(kAlertKeyRole).toString() : QString();
    m_record = record;
    m_banner->setRecord(record);
    if (m_scores)
        m_scores->load(record.patient.id);
    m_alerts->clear();
    int select = -1;
    for (const AlertItem& alert : record.alerts) {
        const QString state = alert.acknowledged ? tr("acknowledged") : severityText(alert.severity);
        auto* item = new QListWidgetItem(tr("[%1] %2 — %3").arg(state, alert.title, alert.detail), m_alerts);
        item->setData(kAlertKeyRole, alert.key);
        item->setData(Qt::UserRole + 2, alert.acknowledged);
        if (alert.acknowledged)
            item->setForeground(palette().color(QPalette::Disabled, QPalette::Text));
        else if (alert.severity == AlertItem::Severity::High)
            item->setForeground(QColor(0xd5, 0x28, 0x1b));
        if (alert.key == keep || (select < 0 && !alert.acknowledged && keep.isEmpty()))
            select = m_alerts->count() - 1;
    }
    if (record.alerts.isEmpty())
        new QListWidgetItem(tr("No alerts for this patient."), m_alerts);
    m_alerts->setCurrentRow(select);
    m_details->setText(tr("Team: %1 · Record held in %2")
                           .arg(record.patient.team.isEmpty() ? tr("none recorded") : record.patient.team,
                                record.patient.epr.isEmpty() ? tr("no EPR recorded") : record.patient.epr));
    m_held->setText(heldText(record));
    // Renewals are for powers with periods; a restriction order or leave has no end to renew.
    const auto powers = RenewalDialog::powersOf(record);
    m_renewal->setVisible(std::any_of(powers.begin(), powers.end(), [](const LegalStatusView& p) { return !p.noFixedEnd; }));
    m_withdrawRenewal->setVisible(!RenewalDialog::renewedPowersOf(record).isEmpty());
    updateAcknowledge();
    if (m_forms)
        m_forms->showPatient(record.patient);
}

void PatientView::attachForms(Session& session)
{
    if (m_forms)
        return;
    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("patientRecordTabs"));
    m_forms = new history::PatientFormsView(session, m_tabs);
    m_scores = new ScoreChartView(session, m_tabs);
    m_tabs->addTab(m_forms, tr("Forms and history"));
    m_tabs->addTab(m_scores, tr("Scores over time"));
    if (auto* box = qobject_cast<QVBoxLayout*>(layout())) {
        box->setStretchFactor(m_details, 0);
        box->insertWidget(box->indexOf(m_details) + 1, m_tabs, 1);
    }
    connect(&forms::FormEvents::instance(), &forms::FormEvents::changed, m_forms, [this](const QString& patientId) {
        if (patientId == m_record.patient.id) {
            m_forms->reload();
            m_scores->load(patientId);
        }
    });
}

void PatientView::clear()
{
    m_record = {};
    if (m_forms)
        m_forms->clear();
    if (m_scores)
        m_scores->clear();
    m_banner->clear();
    m_alerts->clear();
    m_details->clear();
    m_held->clear();
    m_renewal->hide();
    m_withdrawRenewal->hide();
    updateAcknowledge();
}

void PatientView::updateAcknowledge()
{
    const auto* item = m_alerts->currentItem();
    const bool acknowledged = item && item->data(Qt::UserRole + 2).toBool();
    // An acknowledged alert offers the way back (an acknowledgement made by mistake), also audited.
    m_acknowledge->setText(acknowledged ? tr("&Undo acknowledge") : tr("&Acknowledge"));
    m_acknowledge->setToolTip(acknowledged ? tr("Mark this alert as not yet seen again. This is audited.")
                                           : tr("Record that you have seen this alert. The acknowledgement is audited."));
    m_acknowledge->setEnabled(item && !item->data(kAlertKeyRole).toString().isEmpty());
}

} // namespace avocet::ui

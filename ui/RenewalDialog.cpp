#include "ui/RenewalDialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/PatientBanner.h"

namespace avocet::ui {

QVector<LegalStatusView> RenewalDialog::powersOf(const PatientRecord& record)
{
    QVector<LegalStatusView> powers;
    if (record.legal.present)
        powers.push_back(record.legal);
    for (const LegalStatusView& other : record.otherPowers)
        powers.push_back(other);
    return powers;
}

QVector<LegalStatusView> RenewalDialog::renewedPowersOf(const PatientRecord& record)
{
    QVector<LegalStatusView> powers;
    for (const LegalStatusView& power : powersOf(record))
        if (power.renewalsRecorded > 0)
            powers.push_back(power);
    return powers;
}

RenewalDialog::RenewalDialog(const PatientRecord& record, const QDate& today, QWidget* parent, Mode mode)
    : QDialog(parent)
{
    const bool withdraw = mode == Mode::Withdraw;
    setWindowTitle(withdraw ? tr("Withdraw a renewal entered in error") : tr("Record a renewal or extension"));
    auto* intro = new QLabel(withdraw ? tr("<p>Withdraw the latest renewal or extension recorded in Avocet for a "
                                           "power, when it was entered in error: against the wrong power or "
                                           "patient, or on a report that was not furnished. The power then falls "
                                           "back to the period before, and shows as expired if that period has "
                                           "ended.</p><p>Say why. The withdrawal is recorded in the audit log and "
                                           "sent to the hub at the next sync. A renewal the EPR recorded is "
                                           "withdrawn in the EPR.</p>")
                                      : tr("<p>Record the renewal (s.20) or extension (s.20A) the responsible clinician "
                                "reported, when the EPR does not show it yet. It is recorded in the audit log, sent "
                                "to the hub at the next sync and counted once with the EPR's own record.</p>"
                                "<p>It is refused when the report falls outside the examination window of the "
                                "period now running or after its last day: a period that ended has ended.</p>"),
                             this);
    intro->setWordWrap(true);
    m_powers = new QComboBox(this);
    m_powers->setAccessibleName(tr("Power"));
    for (const LegalStatusView& power : withdraw ? renewedPowersOf(record) : powersOf(record)) {
        const QString period = power.noFixedEnd && !power.lapsed ? tr("no fixed end")
                               : power.lapsed || !power.periodEnd.isValid()
                                   ? tr("period ended")
                                   : PatientBanner::deadlineText(power.periodEnd, power.periodLastDay);
        m_powers->addItem(tr("%1 — %2 (%n renewal(s) recorded)", "power, its period end, renewals so far",
                             power.renewalsRecorded)
                              .arg(power.powerName, period),
                          power.recordId);
    }
    m_reported = new QDateEdit(today, this);
    m_reported->setAccessibleName(tr("Date of the report"));
    m_reported->setDisplayFormat(QStringLiteral("dd-MMM-yyyy"));
    m_reported->setCalendarPopup(true);
    m_reported->setMaximumDate(today);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(withdraw ? tr("Withdraw renewal") : tr("Record renewal"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_powers->count() > 0 && !withdraw);
    m_reason = new QLineEdit(this);
    m_reason->setAccessibleName(tr("Why the renewal is withdrawn"));
    m_reason->setPlaceholderText(tr("For example: entered against the wrong power"));
    connect(m_reason, &QLineEdit::textChanged, this, [this](const QString& text) {
        m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_powers->count() > 0 && !text.trimmed().isEmpty());
    });
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("&Power:"), m_powers);
    if (withdraw) {
        m_reported->hide();
        form->addRow(tr("&Why:"), m_reason);
    } else {
        m_reason->hide();
        form->addRow(tr("&Report dated:"), m_reported);
    }
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());
}

RenewalChoice RenewalDialog::choice() const
{
    return {m_powers->currentData().toString(), m_reported->date(), m_reason->text().trimmed()};
}

} // namespace avocet::ui

#include "ui/RenewalDialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
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

RenewalDialog::RenewalDialog(const PatientRecord& record, const QDate& today, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Record a renewal or extension"));
    auto* intro = new QLabel(tr("<p>Record the renewal (s.20) or extension (s.20A) the responsible clinician "
                                "reported, when the EPR does not show it yet. It is recorded in the audit log, sent "
                                "to the hub at the next sync and counted once with the EPR's own record.</p>"
                                "<p>It is refused when the report falls outside the examination window of the "
                                "period now running or after its last day: a period that ended has ended.</p>"),
                             this);
    intro->setWordWrap(true);
    m_powers = new QComboBox(this);
    m_powers->setAccessibleName(tr("Power"));
    for (const LegalStatusView& power : powersOf(record)) {
        const QString period = power.lapsed || !power.periodEnd.isValid()
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
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Record renewal"));
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_powers->count() > 0);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* form = new QFormLayout;
    form->addRow(tr("&Power:"), m_powers);
    form->addRow(tr("&Report dated:"), m_reported);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_buttons);
    resize(560, sizeHint().height());
}

RenewalChoice RenewalDialog::choice() const
{
    return {m_powers->currentData().toString(), m_reported->date()};
}

} // namespace avocet::ui

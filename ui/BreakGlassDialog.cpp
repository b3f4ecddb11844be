#include "ui/BreakGlassDialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace avocet::ui {

BreakGlassDialog::BreakGlassDialog(QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Patient not on your caseload"));
    auto* intro = new QLabel(tr("<p><b>This patient is not on your team's caseload.</b></p>"
                                "<p>You can open the record if you have a legitimate reason. Your name, the time, "
                                "this computer and your reason are recorded and reviewed by the Caldicott "
                                "Guardian's team.</p>"),
                             this);
    intro->setWordWrap(true);
    m_reasons = new QComboBox(this);
    m_reasons->setAccessibleName(tr("Reason"));
    m_reasons->addItem(tr("Choose a reason…"), QString());
    for (const QString& reason : {tr("Emergency: patient presenting now"), tr("Covering for a colleague's caseload"),
                                  tr("Duty worker / crisis call"), tr("Referral or transfer in progress"),
                                  tr("Other (explain below)")})
        m_reasons->addItem(reason, reason);
    m_detail = new QPlainTextEdit(this);
    m_detail->setAccessibleName(tr("Details"));
    m_detail->setPlaceholderText(tr("Details (required for \"Other\")"));
    m_detail->setMaximumHeight(90);
    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Open record and record my reason"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_reasons, &QComboBox::currentIndexChanged, this, &BreakGlassDialog::updateOk);
    connect(m_detail, &QPlainTextEdit::textChanged, this, &BreakGlassDialog::updateOk);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_reasons);
    layout->addWidget(m_detail);
    layout->addWidget(m_buttons);
    updateOk();
    resize(480, sizeHint().height());
}

QString BreakGlassDialog::reason() const
{
    const QString chosen = m_reasons->currentData().toString();
    const QString detail = m_detail->toPlainText().trimmed();
    const bool other = m_reasons->currentIndex() == m_reasons->count() - 1;
    if (chosen.isEmpty() || (other && detail.isEmpty()))
        return {};
    return detail.isEmpty() ? chosen : chosen + QStringLiteral(": ") + detail;
}

void BreakGlassDialog::updateOk()
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!reason().isEmpty());
}

} // namespace avocet::ui

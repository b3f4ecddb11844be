#include "ui/ChangePassphraseDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/ErrorText.h"
#include "ui/Session.h"

namespace avocet::ui {

ChangePassphraseDialog::ChangePassphraseDialog(Session& session, QWidget* parent)
    : QDialog(parent), m_session(session)
{
    setWindowTitle(tr("Change passphrase"));
    setObjectName(QStringLiteral("changePassphraseDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("The passphrase unlocks your encrypted records on this computer, also without "
                                "a network. Changing it does not change your trust password."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    const auto secret = [this](const char* name) {
        auto* edit = new QLineEdit(this);
        edit->setObjectName(QString::fromLatin1(name));
        edit->setEchoMode(QLineEdit::Password);
        return edit;
    };
    m_current = secret("currentPassphrase");
    m_new = secret("newPassphrase");
    m_confirm = secret("confirmPassphrase");
    form->addRow(tr("&Current passphrase"), m_current);
    form->addRow(tr("&New passphrase"), m_new);
    form->addRow(tr("&Type it again"), m_confirm);
    layout->addLayout(form);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(this);
    m_change = buttons->addButton(tr("Change"), QDialogButtonBox::AcceptRole);
    m_change->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(m_change, &QPushButton::clicked, this, &ChangePassphraseDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(480, sizeHint().height());
}

QString ChangePassphraseDialog::message() const
{
    return m_message->text();
}

void ChangePassphraseDialog::submit()
{
    if (m_new->text() != m_confirm->text())
        return m_message->setText(tr("The two new passphrases are not the same."));
    if (m_new->text().size() < 8)
        return m_message->setText(tr("The new passphrase needs at least 8 characters."));
    m_change->setEnabled(false);
    m_message->setText(tr("Changing…"));
    m_session.changePassphrase(m_current->text(), m_new->text(), this, [this](Reply<Done> reply) {
        m_change->setEnabled(true);
        m_current->clear();
        if (!reply.ok())
            return m_message->setText(ErrorText::forUnlock(reply.code, reply.message, reply.retryAfterMs));
        m_new->clear();
        m_confirm->clear();
        accept();
    });
}

} // namespace avocet::ui

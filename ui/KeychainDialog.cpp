#include "ui/KeychainDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/ErrorText.h"
#include "ui/KeychainUnlock.h"

namespace avocet::ui {

KeychainDialog::KeychainDialog(KeychainUnlock& keychain, QWidget* parent) : QDialog(parent), m_keychain(keychain)
{
    setWindowTitle(tr("Unlock with this computer's keychain"));
    setObjectName(QStringLiteral("keychainDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Avocet will keep a key in this computer's keychain, so that it opens your records "
                                "when you start it after signing in to this computer, without your passphrase.\n\n"
                                "Your passphrase keeps working, and is still asked for after Avocet locks. Someone "
                                "with only this computer's disk still cannot open your records. Signing out of "
                                "Avocet removes the key."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("keychainPassphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Your &passphrase"), m_passphrase);
    layout->addLayout(form);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("keychainMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(this);
    m_turnOn = buttons->addButton(tr("Turn on"), QDialogButtonBox::AcceptRole);
    m_turnOn->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(m_turnOn, &QPushButton::clicked, this, &KeychainDialog::submit);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(520, sizeHint().height());
}

QString KeychainDialog::message() const
{
    return m_message->text();
}

void KeychainDialog::submit()
{
    if (m_passphrase->text().isEmpty())
        return m_message->setText(tr("Type your passphrase to confirm."));
    m_turnOn->setEnabled(false);
    m_message->setText(tr("Turning on…"));
    m_keychain.turnOn(m_passphrase->text(), this, [this](Reply<Done> reply) {
        m_turnOn->setEnabled(true);
        m_passphrase->clear();
        if (!reply.ok()) {
            const bool passphraseProblem =
                reply.code == core::ErrorCode::WrongPassphrase || reply.code == core::ErrorCode::Throttled;
            return m_message->setText(passphraseProblem
                                          ? ErrorText::forUnlock(reply.code, reply.message, reply.retryAfterMs)
                                          : reply.message);
        }
        accept();
    });
}

} // namespace avocet::ui

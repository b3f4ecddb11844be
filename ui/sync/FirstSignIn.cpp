#include "ui/sync/FirstSignIn.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/Session.h"
#include "ui/sync/SyncController.h"

namespace avocet::ui::sync {

FirstSignInDialog::FirstSignInDialog(Session& session, SyncController& controller, QWidget* parent)
    : QDialog(parent), m_session(session), m_controller(controller)
{
    setWindowTitle(tr("Sign in with your trust account"));
    setObjectName(QStringLiteral("firstSignInDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("First time on this computer? Sign in with your trust account. Avocet checks it "
                                "with the server, then keeps your records here in your own encrypted profile, "
                                "which only you can unlock, also when there is no network."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_server = new QLineEdit(policyServer(), this);
    m_server->setObjectName(QStringLiteral("firstServer"));
    m_server->setPlaceholderText(QStringLiteral("https://avocet-hub.trust.nhs.uk/fhir"));
    m_user = new QLineEdit(this);
    m_user->setObjectName(QStringLiteral("firstUser"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("firstPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("firstPassphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_confirm = new QLineEdit(this);
    m_confirm->setObjectName(QStringLiteral("firstConfirm"));
    m_confirm->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&Server"), m_server);
    form->addRow(tr("&User name"), m_user);
    form->addRow(tr("&Password"), m_password);
    form->addRow(tr("Passphrase for this &computer"), m_passphrase);
    form->addRow(tr("&Type it again"), m_confirm);
    layout->addLayout(form);
    // The profile on this computer has its own passphrase: a leaked trust password then does not
    // also open the records kept here, and the passphrase never travels to the server.
    auto* passphraseHelp = new QLabel(tr("Choose a passphrase of at least 8 characters to unlock Avocet on this "
                                         "computer. It must not be your trust password, and it never leaves "
                                         "this computer."),
                                      this);
    passphraseHelp->setObjectName(QStringLiteral("firstPassphraseHelp"));
    passphraseHelp->setWordWrap(true);
    layout->addWidget(passphraseHelp);
    m_signOn = new QPushButton(tr("Sign in through the trust's sign-in &page…"), this);
    m_signOn->setObjectName(QStringLiteral("firstSignOn"));
    m_signOn->setToolTip(tr("Opens your trust's sign-in page in the browser. Only the server and the passphrase "
                            "for this computer are needed here."));
    layout->addWidget(m_signOn);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("firstMessage"));
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(this);
    m_signIn = buttons->addButton(tr("Sign in"), QDialogButtonBox::AcceptRole);
    m_signIn->setDefault(true);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(m_signIn, &QPushButton::clicked, this, &FirstSignInDialog::submit);
    connect(m_signOn, &QPushButton::clicked, this, &FirstSignInDialog::submitSignOn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!m_server->text().isEmpty())
        m_user->setFocus();
    resize(540, sizeHint().height());
}

QString FirstSignInDialog::policyServer()
{
    const QSettings policy(QSettings::IniFormat, QSettings::SystemScope, QStringLiteral("NHS"),
                           QStringLiteral("Avocet"));
    return policy.value(QStringLiteral("policy/hubUrl")).toString();
}

QString FirstSignInDialog::message() const
{
    return m_message->text();
}

void FirstSignInDialog::fail(const QString& text)
{
    m_message->setText(text);
    m_signIn->setEnabled(true);
    m_signOn->setEnabled(true);
}

void FirstSignInDialog::submitSignOn()
{
    const QString server = m_server->text().trimmed();
    const QUrl url(server);
    if (!url.isValid() || (url.scheme() != QStringLiteral("https") && url.scheme() != QStringLiteral("http")) ||
        url.host().isEmpty())
        return fail(tr("Enter the server's address, starting with https://"));
    const QString passphrase = m_passphrase->text();
    if (passphrase.size() < 8)
        return fail(tr("The passphrase for this computer needs at least 8 characters."));
    if (passphrase != m_confirm->text())
        return fail(tr("The two passphrases are not the same."));
    m_signIn->setEnabled(false);
    m_signOn->setEnabled(false);
    m_message->setText(tr("Finish signing in on the trust's sign-in page in your browser, then come back here."));
    // 1. The sign-on, in the browser: nothing is created here unless it succeeds.
    m_controller.signOnInBrowser(server, this, [this, server, passphrase](Reply<core::sync::LoginResult> signedOn) {
        if (!signedOn.ok())
            return fail(tr("Not signed in: %1").arg(signedOn.message));
        const QString user = QString::fromStdString(signedOn.value.username);
        m_user->setText(user);
        m_message->setText(tr("Creating your encrypted profile on this computer…"));
        // 2. Their own profile, with the passphrase typed here (never the trust password).
        // 3. The server's token, inside the profile; then the first sync brings the caseload.
        auto keep = [this, server, signedOn] {
            m_message->setText(tr("Fetching your caseload…"));
            m_controller.keepSignOn(server, signedOn.value, this, [this](Reply<Done> kept) {
                m_passphrase->clear();
                m_confirm->clear();
                if (!kept.ok())
                    return fail(tr("Your profile is ready, but the sign-in was not kept: %1. Use Sync ▸ Server "
                                   "and sign-in.")
                                    .arg(kept.message));
                m_controller.syncNow();
                accept();
            });
        };
        m_session.createProfile(user, passphrase, this, [this, user, passphrase, keep](Reply<Done> created) {
            if (created.code == core::ErrorCode::AlreadyExists) {
                // Signing in again (the trust sign-in ended, or the user signed out): the profile
                // already here opens with its own passphrase, and keeps the new sign-in.
                m_message->setText(tr("Opening your profile on this computer…"));
                return m_session.unlock(user, passphrase, this, [this, user, keep](Reply<Done> opened) {
                    if (!opened.ok())
                        return fail(tr("You are signed in, but your profile on this computer did not open: %1")
                                        .arg(opened.message));
                    Q_EMIT profileOpened(user);
                    keep();
                });
            }
            if (!created.ok())
                return fail(tr("Your profile could not be created: %1").arg(created.message));
            Q_EMIT profileOpened(user);
            if (m_afterSignOnProfile)
                m_afterSignOnProfile(user, passphrase);
            keep();
        });
    });
}

void FirstSignInDialog::submit()
{
    const QString server = m_server->text().trimmed();
    const QUrl url(server);
    if (!url.isValid() || (url.scheme() != QStringLiteral("https") && url.scheme() != QStringLiteral("http")) ||
        url.host().isEmpty())
        return fail(tr("Enter the server's address, starting with https://"));
    const QString user = m_user->text().trimmed();
    if (user.isEmpty() || m_password->text().isEmpty())
        return fail(tr("Enter your user name and password."));
    const QString passphrase = m_passphrase->text();
    if (passphrase.size() < 8)
        return fail(tr("The passphrase for this computer needs at least 8 characters."));
    if (passphrase != m_confirm->text())
        return fail(tr("The two passphrases are not the same."));
    if (passphrase == m_password->text())
        return fail(tr("Choose a passphrase for this computer that is not your trust password."));
    m_signIn->setEnabled(false);
    m_message->setText(tr("Checking your account with the server…"));
    const QString password = m_password->text();
    // 1. The server says yes before anything is created here.
    m_controller.checkSignIn(server, user, password, this, [this, server, user, password, passphrase](Reply<Done> checked) {
        if (!checked.ok())
            return fail(tr("Not signed in: %1").arg(checked.message));
        m_message->setText(tr("Creating your encrypted profile on this computer…"));
        // 2. Their own profile, unlocked (the main window opens their session).
        m_session.createProfile(user, passphrase, this, [this, server, user, password](Reply<Done> created) {
            if (!created.ok())
                return fail(tr("Your profile could not be created: %1").arg(created.message));
            Q_EMIT profileOpened(user);
            m_message->setText(tr("Fetching your caseload…"));
            // 3. The token, inside the profile; then the first sync brings the caseload.
            m_controller.login(server, user, password, this, [this](Reply<Done> signedIn) {
                m_password->clear();
                m_passphrase->clear();
                m_confirm->clear();
                if (!signedIn.ok())
                    return fail(tr("Your profile is ready, but the sign-in was not kept: %1. Use Sync ▸ Server "
                                   "and sign-in.")
                                    .arg(signedIn.message));
                m_controller.syncNow();
                accept();
            });
        });
    });
}

} // namespace avocet::ui::sync

#include "ui/sync/SyncDialogs.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

#include "ui/sync/SyncController.h"

namespace avocet::ui::sync {

ServerLoginDialog::ServerLoginDialog(SyncController& controller, const QString& user, QWidget* parent)
    : QDialog(parent), m_controller(controller)
{
    setWindowTitle(tr("Server and sign-in"));
    setObjectName(QStringLiteral("serverLoginDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("Avocet sends your work to this server and fetches your caseload from it. "
                                "Your password is sent to the server only; Avocet keeps the sign-in token "
                                "inside your encrypted profile."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    m_server = new QLineEdit(controller.server(), this);
    m_server->setObjectName(QStringLiteral("serverUrl"));
    m_server->setPlaceholderText(QStringLiteral("https://avocet-hub.trust.nhs.uk/fhir"));
    m_user = new QLineEdit(user, this);
    m_user->setObjectName(QStringLiteral("serverUser"));
    m_password = new QLineEdit(this);
    m_password->setObjectName(QStringLiteral("serverPassword"));
    m_password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Trust server address"), m_server);
    form->addRow(tr("User name"), m_user);
    form->addRow(tr("Password"), m_password);
    layout->addLayout(form);
    m_message = new QLabel(this);
    m_message->setWordWrap(true);
    layout->addWidget(m_message);
    auto* buttons = new QDialogButtonBox(this);
    m_signIn = buttons->addButton(tr("Sign in"), QDialogButtonBox::AcceptRole);
    m_saveOnly = buttons->addButton(tr("Save server only (no sign-in needed)"), QDialogButtonBox::ActionRole);
    buttons->addButton(QDialogButtonBox::Cancel);
    layout->addWidget(buttons);
    connect(m_signIn, &QPushButton::clicked, this, [this] { submit(true); });
    connect(m_saveOnly, &QPushButton::clicked, this, [this] { submit(false); });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(520, sizeHint().height());
}

QString ServerLoginDialog::message() const
{
    return m_message->text();
}

void ServerLoginDialog::setBusy(bool busy)
{
    m_signIn->setEnabled(!busy);
    m_saveOnly->setEnabled(!busy);
}

void ServerLoginDialog::submit(bool signIn)
{
    const QString server = m_server->text().trimmed();
    const QUrl url(server);
    if (!url.isValid() || (url.scheme() != QStringLiteral("https") && url.scheme() != QStringLiteral("http")) ||
        url.host().isEmpty()) {
        m_message->setText(tr("Enter the server's address, starting with https://"));
        return;
    }
    if (signIn && (m_user->text().trimmed().isEmpty() || m_password->text().isEmpty())) {
        m_message->setText(tr("Enter your user name and password for the server."));
        return;
    }
    setBusy(true);
    m_message->setText(signIn ? tr("Signing in…") : tr("Saving…"));
    auto done = [this](Reply<Done> reply) {
        setBusy(false);
        m_password->clear();
        if (!reply.ok()) {
            m_message->setText(tr("Not signed in: %1").arg(reply.message));
            return;
        }
        accept();
        m_controller.syncNow();
    };
    if (signIn)
        m_controller.login(server, m_user->text(), m_password->text(), this, done);
    else
        m_controller.setServer(server, this, done);
}

FailuresDialog::FailuresDialog(SyncController& controller, QWidget* parent) : QDialog(parent)
{
    setWindowTitle(tr("Changes the server refused"));
    setObjectName(QStringLiteral("failuresDialog"));
    auto* layout = new QVBoxLayout(this);
    auto* intro = new QLabel(tr("These changes are kept on this computer. Fix what the server says (or ask the "
                                "service desk), then choose Send again."),
                             this);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    m_table = new QTableWidget(0, 3, this);
    m_table->setHorizontalHeaderLabels({tr("Record"), tr("Attempts"), tr("Server's reason")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::ResizeToContents); // title included,
    m_table->horizontalHeader()->setSectionResizeMode(1, QHeaderView::ResizeToContents); // in any language
    m_table->horizontalHeader()->setSectionResizeMode(2, QHeaderView::Stretch);
    m_table->setWordWrap(true);
    layout->addWidget(m_table);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_retry = buttons->addButton(tr("Send again"), QDialogButtonBox::ActionRole);
    m_retry->setObjectName(QStringLiteral("sendAgain"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_retry, &QPushButton::clicked, &controller, &SyncController::retryFailed);
    resize(640, 320);
}

void FailuresDialog::setFailures(const QVector<SyncFailureItem>& failures)
{
    m_table->setRowCount(static_cast<int>(failures.size()));
    for (int r = 0; r < failures.size(); ++r) {
        const auto& f = failures[r];
        const QString kind = f.type == QStringLiteral("QuestionnaireResponse") ? tr("Form") : f.type;
        m_table->setItem(r, 0, new QTableWidgetItem(kind));
        m_table->setItem(r, 1, new QTableWidgetItem(QString::number(f.attempts)));
        m_table->setItem(r, 2, new QTableWidgetItem(f.reason));
    }
    m_table->resizeRowsToContents();
    m_retry->setEnabled(!failures.isEmpty());
}

} // namespace avocet::ui::sync

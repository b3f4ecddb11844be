#include "ui/WelcomeView.h"

#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

#include "ui/DemoWorkspace.h"

namespace avocet::ui {

WelcomeView::WelcomeView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("welcomeView"));
    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("card"));
    card->setMaximumWidth(620);

    auto* title = new QLabel(tr("Welcome to Avocet"), card);
    title->setObjectName(QStringLiteral("title"));
    m_intro = new QLabel(card);
    m_intro->setWordWrap(true);

    auto* banner = new QLabel(tr("Demo workspace: every patient here is synthetic. NHS numbers come from the "
                                 "never-issued 999 range. Do not enter real patient information."),
                              card);
    banner->setObjectName(QStringLiteral("notice"));
    banner->setWordWrap(true);

    m_user = new QLabel(card);
    m_user->setObjectName(QStringLiteral("credential"));
    m_user->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_passphrase = new QLabel(card);
    m_passphrase->setObjectName(QStringLiteral("credential"));
    m_passphrase->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* credentials = new QFormLayout();
    credentials->addRow(tr("Demo user:"), m_user);
    credentials->addRow(tr("Demo passphrase:"), m_passphrase);

    m_status = new QLabel(card);
    m_status->setWordWrap(true);
    m_status->hide();
    m_progress = new QProgressBar(card);
    m_progress->setAccessibleName(tr("Preparing the demo workspace"));
    m_progress->hide();

    m_continue = new QPushButton(tr("&Open the demo workspace"), card);
    m_continue->setObjectName(QStringLiteral("primary"));
    m_continue->setAutoDefault(true);
    m_continue->setDefault(true);
    auto* firstSignIn = new QPushButton(tr("Sign &in with your trust account…"), card);
    firstSignIn->setObjectName(QStringLiteral("firstSignIn"));
    firstSignIn->setFlat(true);
    connect(firstSignIn, &QPushButton::clicked, this, &WelcomeView::firstSignInRequested);
    auto* buttons = new QHBoxLayout();
    buttons->addStretch();
    buttons->addWidget(m_continue);
    auto* signInRow = new QHBoxLayout(); // its own row: the primary button keeps its full width
    signInRow->addWidget(firstSignIn);
    signInRow->addStretch();

    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(32, 28, 32, 28);
    cardLayout->setSpacing(14);
    cardLayout->addWidget(title);
    cardLayout->addWidget(m_intro);
    cardLayout->addWidget(banner);
    cardLayout->addLayout(credentials);
    cardLayout->addWidget(m_status);
    cardLayout->addWidget(m_progress);
    cardLayout->addLayout(buttons);
    cardLayout->addLayout(signInRow);

    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* row = new QHBoxLayout();
    row->addStretch(1);
    row->addWidget(card, 3);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);

    connect(m_continue, &QPushButton::clicked, this, &WelcomeView::continueRequested);
}

void WelcomeView::setWorkspace(const DemoWorkspace& demo, Reason reason)
{
    if (reason == Reason::NoProfileYet)
        m_intro->setText(tr("There is no Avocet profile on this computer yet. Sign in with your trust account to "
                            "start, or try Avocet first on a demo workspace with %n synthetic patient(s), stored "
                            "encrypted like a real one.",
                            nullptr, demo.patientCount));
    else
        m_intro->setText(tr("This is the Avocet demo workspace: %n synthetic patient(s) in an encrypted cache on "
                            "this computer, no server needed. Unlock it with the user name and passphrase below.",
                            nullptr, demo.patientCount));
    m_user->setText(demo.user);
    m_passphrase->setText(demo.passphrase);
}

void WelcomeView::setProgress(int done, int total)
{
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    m_status->setText(done == 0 ? tr("Creating the encrypted demo profile…")
                                : tr("Adding synthetic patients: %1 of %2").arg(done).arg(total));
}

void WelcomeView::setPreparing(bool preparing)
{
    m_continue->setEnabled(!preparing);
    m_progress->setVisible(preparing);
    m_status->setVisible(preparing);
    if (preparing) {
        m_progress->setRange(0, 0);
        m_status->setText(tr("Preparing the demo workspace…"));
    }
}

void WelcomeView::showError(const QString& message)
{
    m_status->setText(message);
    m_status->setObjectName(QStringLiteral("error"));
    m_status->style()->unpolish(m_status);
    m_status->style()->polish(m_status);
    m_status->show();
    m_progress->hide();
    m_continue->setEnabled(true);
}

} // namespace avocet::ui

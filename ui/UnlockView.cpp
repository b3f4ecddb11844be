#include "ui/UnlockView.h"

#include <QComboBox>
#include <QFormLayout>
#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace avocet::ui {

UnlockView::UnlockView(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("unlockView"));

    auto* card = new QFrame(this);
    card->setObjectName(QStringLiteral("card"));
    card->setMaximumWidth(520);

    auto* title = new QLabel(tr("Unlock Avocet"), card);
    title->setObjectName(QStringLiteral("title"));
    auto* intro = new QLabel(tr("Choose your name and type your passphrase. Your records on this computer stay "
                                "encrypted until you unlock them."),
                             card);
    intro->setWordWrap(true);

    m_users = new QComboBox(card);
    m_users->setObjectName(QStringLiteral("userPicker"));
    m_users->setAccessibleName(tr("User"));
    m_passphrase = new QLineEdit(card);
    m_passphrase->setObjectName(QStringLiteral("passphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    m_passphrase->setAccessibleName(tr("Passphrase"));
    m_passphrase->setPlaceholderText(tr("Passphrase"));
    m_passphrase->setInputMethodHints(Qt::ImhHiddenText | Qt::ImhNoPredictiveText | Qt::ImhSensitiveData);

    auto* form = new QFormLayout();
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setRowWrapPolicy(QFormLayout::WrapAllRows);
    auto* userLabel = new QLabel(tr("&User"), card);
    userLabel->setBuddy(m_users);
    auto* passLabel = new QLabel(tr("&Passphrase"), card);
    passLabel->setBuddy(m_passphrase);
    form->addRow(userLabel, m_users);
    form->addRow(passLabel, m_passphrase);

    m_error = new QLabel(card);
    m_error->setObjectName(QStringLiteral("error"));
    m_error->setWordWrap(true);
    m_error->setAccessibleName(tr("Unlock problem"));
    m_error->hide();

    m_notice = new QLabel(card);
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    m_notice->setTextFormat(Qt::PlainText);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->setAccessibleName(tr("Why Avocet was locked"));
    m_notice->setFrameShape(QFrame::StyledPanel);
    m_notice->setMargin(10);
    m_notice->hide();

    m_hint = new QLabel(card);
    m_hint->setObjectName(QStringLiteral("hint"));
    m_hint->setWordWrap(true);
    m_hint->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_hint->hide();

    m_busyBar = new QProgressBar(card);
    m_busyBar->setRange(0, 0); // indeterminate: Argon2id gives no progress
    m_busyBar->setTextVisible(false);
    m_busyBar->setMaximumHeight(6);
    m_busyBar->setAccessibleName(tr("Unlocking"));
    m_busyBar->hide();

    m_unlock = new QPushButton(tr("Unlock"), card);
    m_unlock->setObjectName(QStringLiteral("primary"));
    m_unlock->setAutoDefault(true);

    // A user with no profile on this computer yet signs in with their trust account (ui/sync).
    m_firstSignIn = new QPushButton(tr("Sign &in with your trust account…"), card);
    m_firstSignIn->setObjectName(QStringLiteral("firstSignIn"));
    m_firstSignIn->setToolTip(tr("New on this computer? Sign in with your trust account: Avocet checks it with the "
                                 "server and creates your own encrypted profile here."));
    m_firstSignIn->setFlat(true);
    connect(m_firstSignIn, &QPushButton::clicked, this, &UnlockView::firstSignInRequested);

    auto* buttons = new QHBoxLayout();
    buttons->addStretch();
    buttons->addWidget(m_unlock);
    auto* signInRow = new QHBoxLayout(); // its own row: Unlock keeps its full width in every language
    signInRow->addWidget(m_firstSignIn);
    signInRow->addStretch();

    auto* cardLayout = new QVBoxLayout(card);
    cardLayout->setContentsMargins(32, 28, 32, 28);
    cardLayout->setSpacing(14);
    cardLayout->addWidget(title);
    cardLayout->addWidget(intro);
    cardLayout->addWidget(m_notice);
    cardLayout->addLayout(form);
    cardLayout->addWidget(m_error);
    cardLayout->addWidget(m_busyBar);
    cardLayout->addLayout(buttons);
    cardLayout->addLayout(signInRow);
    cardLayout->addWidget(m_hint);

    auto* outer = new QVBoxLayout(this);
    outer->addStretch(1);
    auto* row = new QHBoxLayout();
    row->addStretch(1);
    row->addWidget(card, 3);
    row->addStretch(1);
    outer->addLayout(row);
    outer->addStretch(2);

    setTabOrder(m_users, m_passphrase);
    setTabOrder(m_passphrase, m_unlock);
    setTabOrder(m_unlock, m_firstSignIn);

    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &UnlockView::updateUnlockEnabled);
    connect(m_passphrase, &QLineEdit::returnPressed, this, &UnlockView::submit);
    connect(m_passphrase, &QLineEdit::textChanged, this, &UnlockView::updateUnlockEnabled);
    connect(m_unlock, &QPushButton::clicked, this, &UnlockView::submit);
    connect(m_users, &QComboBox::currentTextChanged, this, [this] {
        m_error->hide();
        updateHint();
    });
    updateUnlockEnabled();
}

void UnlockView::setUsers(const QStringList& users, const QString& preferred)
{
    const QString keep = preferred.isEmpty() ? selectedUser() : preferred;
    m_users->clear();
    m_users->addItems(users);
    if (const int at = m_users->findText(keep); at >= 0)
        m_users->setCurrentIndex(at);
    updateHint();
    updateUnlockEnabled();
}

void UnlockView::setDemoHint(const QString& user, const QString& passphrase)
{
    m_demoUser = user;
    m_demoPassphrase = passphrase;
    updateHint();
}

void UnlockView::updateHint()
{
    const bool demo = !m_demoUser.isEmpty() && selectedUser() == m_demoUser;
    m_hint->setVisible(demo);
    if (demo)
        m_hint->setText(tr("Demo workspace (synthetic patients only). Passphrase: <b>%1</b>")
                            .arg(m_demoPassphrase.toHtmlEscaped()));
}

QString UnlockView::selectedUser() const
{
    return m_users->currentText();
}

void UnlockView::setBusy(bool busy)
{
    m_busy = busy;
    m_users->setEnabled(!busy);
    m_passphrase->setReadOnly(busy);
    m_busyBar->setVisible(busy);
    if (busy)
        m_error->hide();
    updateUnlockEnabled();
}

void UnlockView::showError(const QString& message, int retryAfterMs)
{
    m_error->setText(message);
    m_error->show();
    if (retryAfterMs > 0)
        m_retryTimer->start(retryAfterMs);
    updateUnlockEnabled();
    m_passphrase->selectAll();
    focusPassphrase();
}

void UnlockView::showNotice(const QString& message)
{
    m_notice->setText(message);
    m_notice->setVisible(!message.isEmpty());
}

void UnlockView::reset()
{
    m_passphrase->clear();
    m_error->clear();
    m_error->hide();
    m_retryTimer->stop();
    setBusy(false);
}

void UnlockView::focusPassphrase()
{
    m_passphrase->setFocus(Qt::OtherFocusReason);
}

void UnlockView::submit()
{
    if (!m_unlock->isEnabled())
        return;
    Q_EMIT unlockRequested(selectedUser(), m_passphrase->text());
}

void UnlockView::updateUnlockEnabled()
{
    m_unlock->setEnabled(!m_busy && !m_retryTimer->isActive() && m_users->count() > 0 &&
                         !m_passphrase->text().isEmpty());
}

} // namespace avocet::ui

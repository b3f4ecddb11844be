#include "ui/sync/SyncStatusWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace avocet::ui::sync {

namespace {

QString dotStyle(SyncState::Phase phase)
{
    QString colour = QStringLiteral("#8a8a8a"); // not set up, idle
    switch (phase) {
    case SyncState::Phase::UpToDate:
        colour = QStringLiteral("#2e7d32");
        break;
    case SyncState::Phase::Syncing:
        colour = QStringLiteral("#1565c0");
        break;
    case SyncState::Phase::Offline:
        colour = QStringLiteral("#6d6d6d");
        break;
    case SyncState::Phase::Failed:
        colour = QStringLiteral("#c62828");
        break;
    case SyncState::Phase::NotConfigured:
    case SyncState::Phase::Idle:
        break;
    }
    return QStringLiteral("QLabel { background: %1; border-radius: 5px; }").arg(colour);
}

QToolButton* linkButton(QWidget* parent, const QString& colour)
{
    auto* button = new QToolButton(parent);
    button->setAutoRaise(true);
    button->setCursor(Qt::PointingHandCursor);
    button->setStyleSheet(QStringLiteral("QToolButton { color: %1; font-weight: 600; padding: 0 4px; }"
                                         "QToolButton:hover { text-decoration: underline; }")
                              .arg(colour));
    button->hide();
    return button;
}

} // namespace

SyncStatusWidget::SyncStatusWidget(QWidget* parent) : QWidget(parent)
{
    setObjectName(QStringLiteral("syncStatus"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 0, 6, 0);
    layout->setSpacing(10);
    m_dot = new QLabel(this);
    m_dot->setFixedSize(10, 10);
    m_phase = new QLabel(this);
    m_phase->setObjectName(QStringLiteral("syncPhase"));
    m_phase->setCursor(Qt::PointingHandCursor);
    m_pending = new QLabel(this);
    m_pending->setObjectName(QStringLiteral("syncPending"));
    m_failures = linkButton(this, QStringLiteral("#c62828"));
    m_failures->setObjectName(QStringLiteral("syncFailures"));
    m_conflicts = linkButton(this, QStringLiteral("#b26a00"));
    m_conflicts->setObjectName(QStringLiteral("syncConflicts"));
    layout->addWidget(m_dot);
    layout->addWidget(m_phase);
    layout->addWidget(m_pending);
    layout->addWidget(m_failures);
    layout->addWidget(m_conflicts);
    connect(m_failures, &QToolButton::clicked, this, &SyncStatusWidget::failuresRequested);
    connect(m_conflicts, &QToolButton::clicked, this, &SyncStatusWidget::conflictsRequested);
    setState(SyncState{});
}

void SyncStatusWidget::setState(const SyncState& state)
{
    m_dot->setStyleSheet(dotStyle(state.phase));
    m_phase->setText(phaseText(state));
    QString tip;
    if (!state.server.isEmpty())
        tip = tr("Server: %1").arg(state.server);
    if (!state.lastError.isEmpty())
        tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) + tr("Last problem: %1").arg(state.lastError);
    if ((state.phase == SyncState::Phase::Failed || state.phase == SyncState::Phase::Offline) && state.pending > 0)
        tip += (tip.isEmpty() ? QString() : QStringLiteral("\n")) +
               tr("Your changes are kept on this computer and are sent when sync works again.");
    if (state.phase == SyncState::Phase::NotConfigured)
        tip = tr("Choose Sync ▸ Server and sign-in… to connect to your trust's server.");
    m_phase->setToolTip(tip);

    const bool configured = state.isConfigured() || state.pending > 0;
    m_pending->setVisible(configured);
    m_pending->setText(state.pending == 0 ? tr("nothing waiting") : tr("%n waiting to send", nullptr, state.pending));

    const auto failures = static_cast<int>(state.failures.size());
    m_failures->setVisible(failures > 0);
    m_failures->setText(tr("%n failed", nullptr, failures));
    m_failures->setToolTip(tr("Changes the server refused — click to see why"));

    const auto conflicts = static_cast<int>(state.conflicts.size());
    m_conflicts->setVisible(conflicts > 0);
    m_conflicts->setText(tr("%n conflict(s)", nullptr, conflicts));
    m_conflicts->setToolTip(tr("Records changed here and on the server — click to choose"));
}

QString SyncStatusWidget::phaseLabelText() const
{
    return m_phase->text();
}

QString SyncStatusWidget::phaseToolTip() const
{
    return m_phase->toolTip();
}

QString SyncStatusWidget::pendingText() const
{
    return m_pending->isVisibleTo(this) ? m_pending->text() : QString();
}

QString SyncStatusWidget::summary() const
{
    QStringList parts{m_phase->text()};
    for (QWidget* part : {static_cast<QWidget*>(m_pending), static_cast<QWidget*>(m_failures),
                          static_cast<QWidget*>(m_conflicts)}) {
        if (!part->isVisibleTo(this))
            continue;
        if (auto* label = qobject_cast<QLabel*>(part))
            parts << label->text();
        else if (auto* button = qobject_cast<QToolButton*>(part))
            parts << button->text();
    }
    return parts.join(QStringLiteral(" · "));
}

} // namespace avocet::ui::sync

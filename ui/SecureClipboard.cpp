#include "ui/SecureClipboard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>
#include <QTimer>

#include "ui/SessionClock.h"
#include "ui/UiLog.h"

namespace avocet::ui {

SecureClipboard::SecureClipboard(const SessionClock& clock, QObject* parent) : QObject(parent), m_clock(clock)
{
    m_timer = new QTimer(this);
    m_timer->setInterval(1000);
    connect(m_timer, &QTimer::timeout, this, &SecureClipboard::checkExpiry);
}

SecureClipboard::~SecureClipboard()
{
    clearNow();
}

QMimeData* SecureClipboard::secretMimeData(const QString& text)
{
    auto* mime = new QMimeData;
    mime->setText(text);
    mime->setData(QString::fromLatin1(kSecretHintFormat), QByteArrayLiteral("secret"));
    return mime;
}

void SecureClipboard::copySecret(const QString& text)
{
    QGuiApplication::clipboard()->setMimeData(secretMimeData(text)); // the clipboard owns it
    m_copied = text;
    m_copiedAtMs = m_clock.monotonicMs();
    m_timer->start();
    qCInfo(lcViews) << "identifier copied, marked secret, clears in" << kClearAfterMs / 1000 << "s";
}

void SecureClipboard::checkExpiry()
{
    if (m_copied.isEmpty()) {
        m_timer->stop();
        return;
    }
    if (m_clock.monotonicMs() - m_copiedAtMs >= kClearAfterMs)
        clearNow();
}

void SecureClipboard::clearNow()
{
    if (m_copied.isEmpty())
        return;
    m_timer->stop();
    auto* clipboard = QGuiApplication::instance() ? QGuiApplication::clipboard() : nullptr;
    // Only if unchanged: whatever the user copied since (from anywhere) is theirs to keep.
    if (clipboard && clipboard->text() == m_copied) {
        clipboard->clear();
        qCInfo(lcViews) << "copied identifier cleared from the clipboard";
    }
    m_copied.clear();
    Q_EMIT cleared();
}

} // namespace avocet::ui

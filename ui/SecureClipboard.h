#pragma once
// Copies patient identifiers so that clipboard managers keep no history of them (KDE Klipper and
// others honour "x-kde-passwordManagerHint: secret") and clears the clipboard after 30 s, or on
// lock, if it still holds what Avocet put there (SECURITY-RELIABILITY.md 10).
#include <QObject>
#include <QString>

class QMimeData;
class QTimer;

namespace avocet::ui {

class SessionClock;

class SecureClipboard : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kClearAfterMs = 30'000;
    static constexpr const char* kSecretHintFormat = "x-kde-passwordManagerHint";

    SecureClipboard(const SessionClock& clock, QObject* parent = nullptr);
    ~SecureClipboard() override;

    // Puts text on the clipboard marked secret and starts the 30 s count.
    void copySecret(const QString& text);
    // Clears the clipboard now if it still holds the copied text (on lock, on quit).
    void clearNow();
    // Clears when 30 s have passed on the monotonic clock (the timer calls this every second).
    void checkExpiry();
    bool isPending() const { return !m_copied.isEmpty(); }

    static QMimeData* secretMimeData(const QString& text);

Q_SIGNALS:
    void cleared();

private:
    const SessionClock& m_clock;
    QTimer* m_timer = nullptr;
    QString m_copied;
    qint64 m_copiedAtMs = 0;
};

} // namespace avocet::ui

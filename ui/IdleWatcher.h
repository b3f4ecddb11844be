#pragma once
// Notices when nobody has touched the keyboard or mouse for a while (SECURITY-RELIABILITY.md 9:
// touchdown PCs lock themselves). Watches input events application-wide.
#include <QObject>

class QTimer;

namespace avocet::ui {

class IdleWatcher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kDefaultIdleMs = 5 * 60 * 1000; // trust policy default: 5 minutes

    explicit IdleWatcher(int idleMs, QObject* parent = nullptr);
    ~IdleWatcher() override;

    // Counting runs only while armed (while a session is unlocked).
    void arm();
    void disarm();
    bool isArmed() const;

Q_SIGNALS:
    void idle();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    QTimer* m_timer = nullptr;
};

} // namespace avocet::ui

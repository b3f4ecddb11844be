#pragma once
// The clocks the session logic reads, behind an interface so tests can move time (HOUSE-STYLE:
// a replaceable clock). Wall time drives countdowns and deadlines; the monotonic clock measures
// how much time really passed, so a wall-clock jump (suspend, a manual change) can be noticed.
#include <QDateTime>
#include <QElapsedTimer>

namespace avocet::ui {

class SessionClock
{
public:
    virtual ~SessionClock() = default;
    virtual QDateTime nowUtc() const = 0;
    virtual qint64 monotonicMs() const = 0;
};

class SystemClock final : public SessionClock
{
public:
    SystemClock() { m_started.start(); }
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }
    qint64 monotonicMs() const override { return m_started.elapsed(); }

private:
    QElapsedTimer m_started;
};

} // namespace avocet::ui

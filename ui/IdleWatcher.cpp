#include "ui/IdleWatcher.h"

#include <QCoreApplication>
#include <QEvent>
#include <QTimer>

namespace avocet::ui {

IdleWatcher::IdleWatcher(int idleMs, QObject* parent) : QObject(parent)
{
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setInterval(idleMs);
    connect(m_timer, &QTimer::timeout, this, &IdleWatcher::idle);
    QCoreApplication::instance()->installEventFilter(this);
}

IdleWatcher::~IdleWatcher()
{
    if (auto* app = QCoreApplication::instance())
        app->removeEventFilter(this);
}

void IdleWatcher::arm()
{
    if (m_timer->interval() > 0)
        m_timer->start();
}

void IdleWatcher::disarm()
{
    m_timer->stop();
}

bool IdleWatcher::isArmed() const
{
    return m_timer->isActive();
}

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TabletPress:
        if (m_timer->isActive())
            m_timer->start(); // someone is here: start counting again
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace avocet::ui

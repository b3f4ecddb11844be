#include "ui/ActionGuard.h"

#include <QApplication>
#include <QMessageBox>
#include <QPointer>
#include <QTimer>

#include <atomic>
#include <typeinfo>

#include "ui/UiLog.h"

namespace avocet::ui {

namespace {

std::atomic<int> g_caught{0};

QString reasonOf(const std::exception_ptr& error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        // The message of a parser can quote the data it choked on: show it to the user, never log it.
        return QString::fromUtf8(e.what());
    } catch (...) {
        return QCoreApplication::translate("avocet::ui::ActionGuard", "an unexpected error");
    }
}

const char* kindOf(const std::exception_ptr& error)
{
    try {
        std::rethrow_exception(error);
    } catch (const std::exception& e) {
        return typeid(e).name();
    } catch (...) {
        return "unknown";
    }
}

void report(QWidget* window, const QString& what, const std::exception_ptr& error)
{
    g_caught.fetch_add(1);
    qCWarning(lcViews) << "an action failed with an exception and was stopped:" << kindOf(error)
                       << "in" << (window ? window->metaObject()->className() : "the application");
    const QString text =
        QCoreApplication::translate("avocet::ui::ActionGuard",
                                    "%1 could not be completed: %2\n\nNothing else was changed. Your other windows "
                                    "and your work in this one are kept.")
            .arg(what.isEmpty() ? QCoreApplication::translate("avocet::ui::ActionGuard", "That action") : what,
                 reasonOf(error));
    if (!window)
        return;
    // Shown after the failing event has unwound, so the message never runs inside a half-done handler.
    QPointer<QWidget> target = window->window();
    QTimer::singleShot(0, target, [target, text] {
        if (!target)
            return;
        auto* box = new QMessageBox(QMessageBox::Warning, QCoreApplication::translate("avocet::ui::ActionGuard", "Avocet"),
                                    text, QMessageBox::Ok, target);
        box->setObjectName(QStringLiteral("actionFailedMessage"));
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->open();
    });
}

} // namespace

bool runGuarded(QWidget* window, const QString& what, const std::function<void()>& action)
{
    try {
        action();
        return true;
    } catch (...) {
        report(window, what, std::current_exception());
        return false;
    }
}

GuardedApplication::GuardedApplication(int& argc, char** argv) : QApplication(argc, argv) {}

bool GuardedApplication::notify(QObject* receiver, QEvent* event)
{
    return deliver(receiver, [&] { return QApplication::notify(receiver, event); });
}

bool GuardedApplication::deliver(QObject* receiver, const std::function<bool()>& handler)
{
    try {
        return handler();
    } catch (...) {
        QWidget* window = nullptr;
        if (receiver && receiver->isWidgetType())
            window = static_cast<QWidget*>(receiver)->window();
        else if (QWidget* active = QApplication::activeWindow())
            window = active;
        report(window, {}, std::current_exception());
        return false;
    }
}

int GuardedApplication::caughtCount() { return g_caught.load(); }

} // namespace avocet::ui

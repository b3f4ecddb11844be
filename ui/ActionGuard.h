#pragma once
// A guard around what a user's action runs: an exception thrown while handling it (data from a
// server that does not parse, a template that is not what the code expected) becomes a message in
// the window that ran the action, and the rest of the session carries on. Nothing about the data is
// logged: only the kind of error and where.
#include <QApplication>
#include <QCoreApplication>
#include <QString>
#include <QWidget>

#include <cstddef>
#include <exception>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

namespace avocet::ui {

// Runs action; if it throws, logs the failure (without patient data), shows `what` with the
// reason to the user in `window` (or as a status message when window is null) and returns false.
bool runGuarded(QWidget* window, const QString& what, const std::function<void()>& action);

namespace detail {

template <typename F, typename Tuple, std::size_t... I>
constexpr bool invocableWithPrefix(std::index_sequence<I...>)
{
    return std::is_invocable_v<F&, std::tuple_element_t<I, Tuple>...>;
}

// Calls f with the first N arguments of the tuple, or fewer: as Qt does for a slot that takes
// fewer arguments than its signal sends.
template <std::size_t N, typename F, typename Tuple>
void callWithPrefix(F& f, Tuple& args)
{
    if constexpr (invocableWithPrefix<F, Tuple>(std::make_index_sequence<N>{})) {
        [&]<std::size_t... I>(std::index_sequence<I...>) {
            f(std::get<I>(args)...);
        }(std::make_index_sequence<N>{});
    } else {
        static_assert(N > 0, "the slot accepts none of the signal's argument lists");
        callWithPrefix<N - 1>(f, args);
    }
}

} // namespace detail

// Wraps a slot so that it runs behind runGuarded: connect(button, &QPushButton::clicked, this,
// guardedSlot(this, tr("Edit answers"), [this] { ... })). The slot may take fewer arguments than
// the signal sends, as with a plain connect.
template <typename F>
auto guardedSlot(QWidget* window, const QString& what, F&& f)
{
    return [window, what, f = std::forward<F>(f)](auto&&... args) mutable {
        runGuarded(window, what, [&] {
            auto packed = std::forward_as_tuple(std::forward<decltype(args)>(args)...);
            detail::callWithPrefix<sizeof...(args)>(f, packed);
        });
    };
}

// The last-resort guard for every event the application delivers: an exception that escapes a
// slot or an event handler ends as a message in the window it came from, never as the end of the
// session. The desktop app and the UI tests run on it.
class GuardedApplication : public QApplication
{
public:
    GuardedApplication(int& argc, char** argv);
    bool notify(QObject* receiver, QEvent* event) override;

    // Runs handler; returns its result, or false after reporting an exception that escaped it.
    static bool deliver(QObject* receiver, const std::function<bool()>& handler);
    // How many exceptions were caught so far in this process (tests).
    static int caughtCount();
};

} // namespace avocet::ui

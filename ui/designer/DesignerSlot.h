#pragma once
// The designer's slots behind the action guard (ui/ActionGuard.h): a failure while an action runs is
// a message in the designer window, never the end of the application. A test hook runs first (a test
// throws from it), and the action takes as many of the signal's leading arguments as it wants.
#include <QString>
#include <QWidget>

#include <cstddef>
#include <functional>
#include <tuple>
#include <type_traits>
#include <utility>

#include "ui/ActionGuard.h"

namespace avocet::ui::designer {

namespace detail {

template <typename F, typename Tuple, std::size_t... I>
constexpr bool invocableWithFirst(std::index_sequence<I...>)
{
    return std::is_invocable_v<F&, std::tuple_element_t<I, Tuple>...>;
}

// Calls f with the first N elements of args, or fewer when f takes fewer.
template <std::size_t N, typename F, typename Tuple>
void callLeading(F& f, Tuple& args)
{
    if constexpr (N == 0) {
        f();
    } else if constexpr (invocableWithFirst<F, Tuple>(std::make_index_sequence<N>{})) {
        [&]<std::size_t... I>(std::index_sequence<I...>) { f(std::get<I>(args)...); }(std::make_index_sequence<N>{});
    } else {
        callLeading<N - 1>(f, args);
    }
}

} // namespace detail

// hook points at a member of the window (it may be empty); it outlives the connection.
template <typename F>
auto designerSlot(QWidget* window, const QString& what, const std::function<void(const QString&)>* hook, F action)
{
    return guardedSlot(window, what, [what, hook, action = std::move(action)](auto&&... args) mutable {
        if (hook && *hook)
            (*hook)(what);
        auto all = std::forward_as_tuple(args...);
        detail::callLeading<sizeof...(args)>(action, all);
    });
}

} // namespace avocet::ui::designer

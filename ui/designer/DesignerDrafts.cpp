#include "ui/designer/DesignerDrafts.h"

#include <QPointer>

#include "core/store/Cache.h"

namespace avocet::ui::designer {

using core::forms::DesignerDraft;
using core::forms::DesignerDraftStore;

namespace {

template <typename T, typename R>
Reply<T> failed(const R& result)
{
    Reply<T> reply;
    reply.code = result.code();
    reply.message = QString::fromStdString(result.message());
    return reply;
}

// Runs done only while the caller's context still exists: the work runs regardless.
template <typename T>
std::function<void(Reply<T>)> whileAlive(QObject* context, std::function<void(Reply<T>)> done)
{
    return [context = QPointer<QObject>(context), done = std::move(done)](Reply<T> reply) {
        if (context && done)
            done(std::move(reply));
    };
}

} // namespace

DesignerDrafts::DesignerDrafts(Session& session, QObject* parent) : QObject(parent), m_session(session) {}

void DesignerDrafts::save(DesignerDraft draft, QObject* context, std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        &m_session,
        [draft = std::move(draft)](core::store::Cache& cache) -> Reply<Done> {
            if (core::Status st = DesignerDraftStore(cache.database()).save(draft); !st)
                return failed<Done>(st);
            return {};
        },
        whileAlive<Done>(context, std::move(done)));
}

void DesignerDrafts::load(QObject* context, std::function<void(Reply<std::optional<DesignerDraft>>)> done)
{
    m_session.withCache<std::optional<DesignerDraft>>(
        &m_session,
        [](core::store::Cache& cache) -> Reply<std::optional<DesignerDraft>> {
            auto loaded = DesignerDraftStore(cache.database()).load();
            if (!loaded)
                return failed<std::optional<DesignerDraft>>(loaded);
            Reply<std::optional<DesignerDraft>> reply;
            reply.value = std::move(*loaded);
            return reply;
        },
        whileAlive<std::optional<DesignerDraft>>(context, std::move(done)));
}

void DesignerDrafts::remove(QObject* context, std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        &m_session,
        [](core::store::Cache& cache) -> Reply<Done> {
            if (core::Status st = DesignerDraftStore(cache.database()).remove(); !st)
                return failed<Done>(st);
            return {};
        },
        whileAlive<Done>(context, std::move(done)));
}

} // namespace avocet::ui::designer

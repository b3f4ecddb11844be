#include "ui/designer/DesignerDrafts.h"

#include <QPointer>

#include "core/store/Cache.h"

namespace avocet::ui::designer {

using core::forms::DesignerDraft;
using core::forms::DesignerDraftStore;

DesignerDrafts::DesignerDrafts(Session& session, QObject* parent) : QObject(parent), m_session(session) {}

void DesignerDrafts::save(DesignerDraft draft, QObject* context, std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        &m_session,
        [draft = std::move(draft)](core::store::Cache& cache) -> Reply<Done> {
            if (core::Status st = DesignerDraftStore(cache.database()).save(draft); !st)
                return failedReply<Done>(st);
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
                return failedReply<std::optional<DesignerDraft>>(loaded);
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
                return failedReply<Done>(st);
            return {};
        },
        whileAlive<Done>(context, std::move(done)));
}

} // namespace avocet::ui::designer

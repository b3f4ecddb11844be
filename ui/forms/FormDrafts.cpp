#include "ui/forms/FormDrafts.h"

#include <QPointer>

#include "core/store/Cache.h"

namespace avocet::ui::forms {

using core::forms::Draft;
using core::forms::DraftStore;
using core::forms::DraftSummary;

FormDrafts::FormDrafts(Session& session, QObject* parent) : QObject(parent), m_session(session) {}

void FormDrafts::save(Draft draft, QObject* context, std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        &m_session,
        [draft = std::move(draft)](core::store::Cache& cache) -> Reply<Done> {
            if (core::Status st = DraftStore(cache.database()).save(draft); !st)
                return failedReply<Done>(st);
            return {};
        },
        whileAlive<Done>(context, std::move(done)));
}

void FormDrafts::load(const QString& id, QObject* context, std::function<void(Reply<std::optional<Draft>>)> done)
{
    m_session.withCache<std::optional<Draft>>(
        &m_session,
        [id = id.toStdString()](core::store::Cache& cache) -> Reply<std::optional<Draft>> {
            auto loaded = DraftStore(cache.database()).load(id);
            if (!loaded)
                return failedReply<std::optional<Draft>>(loaded);
            Reply<std::optional<Draft>> reply;
            reply.value = std::move(*loaded);
            return reply;
        },
        whileAlive<std::optional<Draft>>(context, std::move(done)));
}

void FormDrafts::listForPatient(const QString& patientId, QObject* context,
                                std::function<void(Reply<std::vector<DraftSummary>>)> done)
{
    m_session.withCache<std::vector<DraftSummary>>(
        &m_session,
        [id = patientId.toStdString()](core::store::Cache& cache) -> Reply<std::vector<DraftSummary>> {
            auto list = DraftStore(cache.database()).listForPatient(id);
            if (!list)
                return failedReply<std::vector<DraftSummary>>(list);
            Reply<std::vector<DraftSummary>> reply;
            reply.value = std::move(*list);
            return reply;
        },
        whileAlive<std::vector<DraftSummary>>(context, std::move(done)));
}

void FormDrafts::remove(const QString& id, QObject* context, std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        &m_session,
        [id = id.toStdString()](core::store::Cache& cache) -> Reply<Done> {
            if (core::Status st = DraftStore(cache.database()).remove(id); !st)
                return failedReply<Done>(st);
            return {};
        },
        whileAlive<Done>(context, std::move(done)));
}

} // namespace avocet::ui::forms

#include "ui/forms/FormDrafts.h"

#include <QPointer>

#include "core/store/Cache.h"

namespace avocet::ui::forms {

using core::forms::Draft;
using core::forms::DraftStore;
using core::forms::DraftSummary;

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
std::function<void(Reply<T>)> guarded(QObject* context, std::function<void(Reply<T>)> done)
{
    return [context = QPointer<QObject>(context), done = std::move(done)](Reply<T> reply) {
        if (context && done)
            done(std::move(reply));
    };
}

} // namespace

FormDrafts::FormDrafts(Session& session, QObject* parent) : QObject(parent), m_session(session) {}

void FormDrafts::save(Draft draft, QObject* context, std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        &m_session,
        [draft = std::move(draft)](core::store::Cache& cache) -> Reply<Done> {
            if (core::Status st = DraftStore(cache.database()).save(draft); !st)
                return failed<Done>(st);
            return {};
        },
        guarded<Done>(context, std::move(done)));
}

void FormDrafts::load(const QString& id, QObject* context, std::function<void(Reply<std::optional<Draft>>)> done)
{
    m_session.withCache<std::optional<Draft>>(
        &m_session,
        [id = id.toStdString()](core::store::Cache& cache) -> Reply<std::optional<Draft>> {
            auto loaded = DraftStore(cache.database()).load(id);
            if (!loaded)
                return failed<std::optional<Draft>>(loaded);
            Reply<std::optional<Draft>> reply;
            reply.value = std::move(*loaded);
            return reply;
        },
        guarded<std::optional<Draft>>(context, std::move(done)));
}

void FormDrafts::listForPatient(const QString& patientId, QObject* context,
                                std::function<void(Reply<std::vector<DraftSummary>>)> done)
{
    m_session.withCache<std::vector<DraftSummary>>(
        &m_session,
        [id = patientId.toStdString()](core::store::Cache& cache) -> Reply<std::vector<DraftSummary>> {
            auto list = DraftStore(cache.database()).listForPatient(id);
            if (!list)
                return failed<std::vector<DraftSummary>>(list);
            Reply<std::vector<DraftSummary>> reply;
            reply.value = std::move(*list);
            return reply;
        },
        guarded<std::vector<DraftSummary>>(context, std::move(done)));
}

void FormDrafts::remove(const QString& id, QObject* context, std::function<void(Reply<Done>)> done)
{
    m_session.withCache<Done>(
        &m_session,
        [id = id.toStdString()](core::store::Cache& cache) -> Reply<Done> {
            if (core::Status st = DraftStore(cache.database()).remove(id); !st)
                return failed<Done>(st);
            return {};
        },
        guarded<Done>(context, std::move(done)));
}

} // namespace avocet::ui::forms

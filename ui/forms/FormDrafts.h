#pragma once
// Drafts of forms in the encrypted cache, through the Session's worker: the UI thread never waits
// on SQLCipher. Saves run in the order they were asked for, before any lock that follows them.
#include <QObject>
#include <QString>

#include <functional>
#include <optional>
#include <vector>

#include "core/forms/DraftStore.h"
#include "ui/Session.h"

namespace avocet::ui::forms {

class FormDrafts : public QObject
{
    Q_OBJECT
public:
    explicit FormDrafts(Session& session, QObject* parent = nullptr);

    // done runs on the context's thread; it is dropped when the context is gone, but the save
    // itself still happens (a lock or a closing window does not cancel it).
    void save(core::forms::Draft draft, QObject* context, std::function<void(Reply<Done>)> done);
    void load(const QString& id, QObject* context, std::function<void(Reply<std::optional<core::forms::Draft>>)> done);
    void listForPatient(const QString& patientId, QObject* context,
                        std::function<void(Reply<std::vector<core::forms::DraftSummary>>)> done);
    void remove(const QString& id, QObject* context, std::function<void(Reply<Done>)> done);

    Session& session() const { return m_session; }

private:
    Session& m_session;
};

} // namespace avocet::ui::forms

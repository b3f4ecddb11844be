#pragma once
// The designer's autosave, through the Session's worker (the UI thread never waits on SQLCipher):
// the template being designed is kept as an encrypted draft in the user's cache
// (core/forms/DesignerDraftStore) and offered back when the designer opens again.
#include <QObject>

#include <functional>
#include <optional>

#include "core/forms/DesignerDraftStore.h"
#include "ui/Session.h"

namespace avocet::ui::designer {

class DesignerDrafts : public QObject
{
    Q_OBJECT
public:
    explicit DesignerDrafts(Session& session, QObject* parent = nullptr);

    bool isAvailable() const { return m_session.isUnlocked(); }
    // done runs on the context's thread and is dropped when the context is gone; the save itself
    // still happens (closing the designer does not cancel it).
    void save(core::forms::DesignerDraft draft, QObject* context, std::function<void(Reply<Done>)> done);
    void load(QObject* context, std::function<void(Reply<std::optional<core::forms::DesignerDraft>>)> done);
    void remove(QObject* context, std::function<void(Reply<Done>)> done);

private:
    Session& m_session;
};

} // namespace avocet::ui::designer

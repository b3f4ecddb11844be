#pragma once
// The template being designed and its EPR mappings, with undo/redo for every edit. Each edit runs
// on a copy through core::forms::TemplateEditor (which changes the kept FHIR JSON surgically, so
// unknown elements of an imported template survive); only an edit that succeeds is pushed onto
// the QUndoStack, as a before/after pair of the whole state.
#include <QObject>
#include <QString>
#include <QUndoStack>

#include <functional>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/common/Result.h"
#include "core/forms/TemplateEditor.h"

namespace avocet::ui::designer {

struct DesignState
{
    nlohmann::json questionnaire;
    std::map<std::string, nlohmann::json> mappings; // EPR name (Paris, Mobius, SystmOne) -> mapping document

    bool operator==(const DesignState&) const = default;
};

class DesignerDocument : public QObject
{
    Q_OBJECT
public:
    explicit DesignerDocument(QObject* parent = nullptr);

    const DesignState& state() const { return m_state; }
    const nlohmann::json& questionnaire() const { return m_state.questionnaire; }
    // A reader over the current template. It lives as long as the document, so the pointers its
    // item() and extension() return stay valid until the next change (a copy of the template made
    // for each call would leave them pointing into freed memory).
    const core::forms::TemplateEditor& editor() const { return m_view; }
    QUndoStack* undoStack() const { return m_undo; }

    // Runs `edit` on a copy of the template; pushes an undoable command when it succeeds and
    // changes something. Returns the edit's status (the state is untouched on failure).
    core::Status edit(const QString& description, const std::function<core::Status(core::forms::TemplateEditor&)>& edit);
    // Replaces one EPR's mapping document (undoable).
    void setMapping(const QString& description, const std::string& epr, nlohmann::json mapping);
    // Starts over with a new document (clears undo history): new template, import.
    void reset(DesignState state);

    // Applies a state (used by the undo commands).
    void restore(const DesignState& state);

Q_SIGNALS:
    void changed();

private:
    void push(const QString& description, DesignState after);

    DesignState m_state;
    core::forms::TemplateEditor m_view; // the same template as m_state.questionnaire, for reading
    QUndoStack* m_undo = nullptr;
};

} // namespace avocet::ui::designer

#include "ui/designer/DesignerDocument.h"

#include <QUndoCommand>

namespace avocet::ui::designer {

namespace {

class StateCommand : public QUndoCommand
{
public:
    StateCommand(DesignerDocument& document, const QString& text, DesignState before, DesignState after)
        : QUndoCommand(text), m_document(document), m_before(std::move(before)), m_after(std::move(after))
    {
    }
    void undo() override { m_document.restore(m_before); }
    void redo() override { m_document.restore(m_after); }

private:
    DesignerDocument& m_document;
    DesignState m_before;
    DesignState m_after;
};

} // namespace

DesignerDocument::DesignerDocument(QObject* parent) : QObject(parent), m_undo(new QUndoStack(this))
{
    m_state.questionnaire = core::forms::TemplateEditor().json();
    m_view.replace(m_state.questionnaire);
}

core::Status DesignerDocument::edit(const QString& description,
                                    const std::function<core::Status(core::forms::TemplateEditor&)>& edit)
{
    core::forms::TemplateEditor editor(m_state.questionnaire);
    if (core::Status status = edit(editor); !status)
        return status;
    if (editor.json() == m_state.questionnaire)
        return core::Status::success();
    DesignState after = m_state;
    after.questionnaire = editor.json();
    push(description, std::move(after));
    return core::Status::success();
}

void DesignerDocument::setMapping(const QString& description, const std::string& epr, nlohmann::json mapping)
{
    DesignState after = m_state;
    after.mappings[epr] = std::move(mapping);
    if (after == m_state)
        return;
    push(description, std::move(after));
}

void DesignerDocument::push(const QString& description, DesignState after)
{
    m_undo->push(new StateCommand(*this, description, m_state, std::move(after))); // the stack owns it
}

void DesignerDocument::reset(DesignState state)
{
    m_undo->clear();
    restore(state);
}

void DesignerDocument::restore(const DesignState& state)
{
    m_state = state;
    m_view.replace(m_state.questionnaire);
    Q_EMIT changed();
}

} // namespace avocet::ui::designer

#pragma once
// Every tier-one property of the selected item, each edit an undoable DesignerDocument edit. Every
// handler runs behind the action guard (ui/ActionGuard.h): whatever an imported template holds, an
// exception ends as a message in the designer window, never as the end of the application.
#include <QWidget>

#include <functional>
#include <string>
#include <utility>

#include "ui/designer/DesignerSlot.h"

#include "core/common/Result.h"
#include "core/forms/TemplateEditor.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QSpinBox;

namespace avocet::ui::designer {

class DesignerDocument;

class PropertyPanel : public QWidget
{
    Q_OBJECT
public:
    PropertyPanel(DesignerDocument& document, QWidget* parent = nullptr);

    void showItem(const std::string& linkId);
    const std::string& linkId() const { return m_linkId; }

    // Test seams: the editors by property name (linkId, type, text, prefix, maxLength, ...).
    QWidget* editor(const QString& property) const;
    // Runs first in every guarded handler with the action's name (a test throws from it).
    void setActionHook(std::function<void(const QString&)> hook) { m_actionHook = std::move(hook); }

Q_SIGNALS:
    void linkIdRenamed(const QString& linkId);
    void problem(const QString& message);

private:
    // A slot for connect(): the action behind the guard, reported as `what` in this window.
    template <typename F>
    auto guarded(const QString& what, F action)
    {
        return designerSlot(this, what, &m_actionHook, std::move(action));
    }

    void build();
    void reload();
    void apply(const QString& what, const std::function<core::Status(core::forms::TemplateEditor&)>& edit);
    void commitLineEdits();
    void commitExpressions();
    void commitValueSet();
    void reloadExpressions(const core::forms::TemplateEditor& editor, const nlohmann::json& item);
    QLineEdit* line(const QString& name);

    DesignerDocument& m_document;
    std::function<void(const QString&)> m_actionHook;
    std::string m_linkId;
    bool m_loading = false;

    QLabel* m_heading = nullptr;
    QLineEdit* m_id = nullptr;
    QComboBox* m_type = nullptr;
    QPlainTextEdit* m_text = nullptr;
    QLineEdit* m_prefix = nullptr;
    QCheckBox* m_required = nullptr;
    QCheckBox* m_repeats = nullptr;
    QCheckBox* m_readOnly = nullptr;
    QCheckBox* m_hidden = nullptr;
    QSpinBox* m_maxLength = nullptr;
    QLineEdit* m_initial = nullptr;
    QComboBox* m_control = nullptr;
    QLineEdit* m_min = nullptr;
    QLineEdit* m_max = nullptr;
    QLineEdit* m_regex = nullptr;
    QLineEdit* m_entryFormat = nullptr;
    QLineEdit* m_unit = nullptr;
    QLabel* m_conditions = nullptr;
    QComboBox* m_behavior = nullptr;
    QLabel* m_options = nullptr;
    QLabel* m_codes = nullptr;
    QLabel* m_metrics = nullptr; // the library's metrics that read this item (docs/metrics.md)
    QPlainTextEdit* m_calculated = nullptr;
    QPlainTextEdit* m_variables = nullptr;
    QLineEdit* m_enableWhenExpression = nullptr;
    QLineEdit* m_initialExpression = nullptr;
    QLineEdit* m_answerExpression = nullptr;
    QComboBox* m_valueSet = nullptr;     // a contained ValueSet (#id) or a typed canonical URL
    QLabel* m_valueSetProblem = nullptr; // the lint finding when it does not resolve
    QPushButton* m_conditionsButton = nullptr;
    QPushButton* m_optionsButton = nullptr;
    QPushButton* m_codesButton = nullptr;
    QPushButton* m_scoreButton = nullptr;
    QWidget* m_form = nullptr;
};

} // namespace avocet::ui::designer

#pragma once
// The input part of one question: a line edit, radio buttons, a drop-down, a slider... Each control
// shows the answers the FormSession holds and reports what the user entered; it never decides
// anything about the form itself (the engine does).
#include <QCoreApplication>
#include <QString>
#include <QWidget>

#include <functional>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/forms/QuestionnaireItem.h"

namespace avocet::ui::forms {

class AnswerControl : public QWidget
{
    Q_DECLARE_TR_FUNCTIONS(AnswerControl)
public:
    using Answers = std::vector<nlohmann::json>;

    AnswerControl(const core::forms::QuestionnaireItem& item, QWidget* parent);

    // Shows the session's answers without reporting them back as an edit.
    virtual void showAnswers(const Answers& answers) = 0;
    virtual void setReadOnly(bool readOnly) = 0;
    // The widget that takes keyboard focus and carries the accessible name.
    virtual QWidget* focusTarget() const = 0;
    // Text that could not be read as an answer ("31/13/2024"); empty when there is none.
    virtual QString localProblem() const { return {}; }
    // Sets the accessible name and description on every input widget of the control.
    virtual void describe(const QString& name, const QString& description);
    // Replaces the choices (an SDC answerExpression's current values); false when the control has
    // fixed choices. The caller shows the answers again afterwards.
    virtual bool setOptions(const std::vector<core::forms::AnswerOption>& options)
    {
        (void)options;
        return false;
    }

    // Called with the new answers when the user changes them.
    std::function<void(Answers)> onEdited;

    // The control for an item's type and itemControl.
    static AnswerControl* create(const core::forms::QuestionnaireItem& item, QWidget* parent);

protected:
    void report(Answers answers)
    {
        if (onEdited)
            onEdited(std::move(answers));
    }
    const core::forms::QuestionnaireItem& m_item;
};

} // namespace avocet::ui::forms

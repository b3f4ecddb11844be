#pragma once
// One item of a form on screen: a question (label, control, hints, problems), a piece of text, a
// section, or a repeating section with its copies. Each knows its linkId and which copy
// (instance) it shows, and refreshes itself from the FormSession.
#include <QFrame>
#include <QString>
#include <QStringList>

#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "core/forms/FormSession.h"
#include "core/forms/QuestionnaireItem.h"

class QLabel;
class QPushButton;
class QToolButton;
class QVBoxLayout;

namespace avocet::ui::forms {

class AnswerControl;

using ItemKey = std::pair<std::string, std::size_t>; // linkId, instance

struct RefreshState
{
    const core::forms::FormSession& session;
    const std::map<ItemKey, QStringList>& issues; // validation messages per item copy
    const std::set<ItemKey>& touched;             // items the user has changed
    bool showAllIssues = false;
};

class FormItemWidget : public QFrame
{
    Q_OBJECT
public:
    FormItemWidget(const core::forms::QuestionnaireItem& item, std::size_t instance, QWidget* parent);

    const core::forms::QuestionnaireItem& item() const { return m_item; }
    std::size_t instance() const { return m_instance; }
    ItemKey key() const { return {m_item.linkId, m_instance}; }
    // Enabled in the session (visible, or greyed when the template asks for "protected").
    bool isItemEnabled() const { return m_enabled; }
    virtual void refresh(const RefreshState& state);

protected:
    const core::forms::QuestionnaireItem& m_item;
    std::size_t m_instance;
    bool m_enabled = true;
    bool m_greyWhenDisabled = false;
};

// Text (display items) between questions.
class DisplayItemWidget : public FormItemWidget
{
    Q_OBJECT
public:
    DisplayItemWidget(const core::forms::QuestionnaireItem& item, std::size_t instance, QWidget* parent);
};

// A question: title, required mark, help, control, hints and problems; items nested under it.
class QuestionWidget : public FormItemWidget
{
    Q_OBJECT
public:
    // compact: inside a table row (no title, the column header names it).
    QuestionWidget(const core::forms::QuestionnaireItem& item, std::size_t instance, bool compact, QWidget* parent);

    AnswerControl* control() const { return m_control; }
    QVBoxLayout* childLayout() const { return m_children; }
    QLabel* problemLabel() const { return m_problem; }
    QString localProblem() const;
    void showAnswers(const std::vector<nlohmann::json>& answers);
    void refresh(const RefreshState& state) override;
    // A message from the engine that refused an edit (shown until the next edit).
    void setRejected(const QString& message) { m_rejected = message; }

private:
    AnswerControl* m_control = nullptr;
    QLabel* m_problem = nullptr;
    QLabel* m_help = nullptr;
    QLabel* m_scoreNote = nullptr; // for a total with a scoring rule: how many answered, and why no total
    QVBoxLayout* m_children = nullptr;
    QString m_name;
    QString m_hints;
    QString m_rejected;
    QString m_shownProblem;
    std::vector<nlohmann::json> m_expressionOptions; // the answerExpression values on screen
};

// A section (group), possibly one copy of a repeating section with a Remove button.
class GroupWidget : public FormItemWidget
{
    Q_OBJECT
public:
    GroupWidget(const core::forms::QuestionnaireItem& item, std::size_t instance, int depth, QWidget* parent);

    QVBoxLayout* childLayout() const { return m_children; }
    QPushButton* removeButton() const { return m_remove; }
    // Adds "Remove" (for copies of a repeating section); the caller decides what it does.
    QPushButton* addRemoveButton(const QString& text);
    void refresh(const RefreshState& state) override;

private:
    QVBoxLayout* m_children = nullptr;
    QPushButton* m_remove = nullptr;
    QLabel* m_problem = nullptr;
};

// Help text of an item (itemControl "help"): a "?" button that shows the text below the title.
QToolButton* makeHelpButton(const QString& helpText, QLabel* target, QWidget* parent);

} // namespace avocet::ui::forms

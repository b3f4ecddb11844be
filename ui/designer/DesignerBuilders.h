#pragma once
// Builders for the hard parts of a template, so a change manager never types FHIR or FHIRPath:
// enableWhen conditions (question, an operator valid for its type, an answer from its options),
// scores (pick scored choices and number questions, see the expression) and answer or code lists
// with their codes. They read the template defensively: any element may have an unexpected type.
#include <QDialog>
#include <QString>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

class QComboBox;
class QLabel;
class QListWidget;
class QTableWidget;

namespace avocet::ui::designer {

// Operators FHIR allows for a question of this type ("exists" always).
QStringList operatorsForType(const QString& type);
// The answer[x] key a condition on this type uses.
QString answerKeyForType(const QString& type);
// A condition value from text (for choice: the option's code; boolean: true/false).
nlohmann::json conditionAnswer(const nlohmann::json& question, const QString& op, const QString& text);
QString describeCondition(const nlohmann::json& condition);
// The total a calculated item shows: the scores (ordinalValue) of the answers chosen in
// scoredChoices plus the values entered in numbers (integer or decimal questions). Only choices
// gives core::forms::scoreExpression's form.
std::string totalExpression(const std::vector<std::string>& scoredChoices, const std::vector<std::string>& numbers);
// The linkIds a totalExpression() reads (choices first); empty for any other expression.
std::vector<std::string> totalExpressionItems(const std::string& expression);

class EnableWhenBuilder : public QDialog
{
    Q_OBJECT
public:
    // questionnaire: the whole template; target: the item whose conditions are edited.
    EnableWhenBuilder(const nlohmann::json& questionnaire, const std::string& target, QWidget* parent = nullptr);

    void addCondition(const QString& question, const QString& op, const QString& answer);
    void setBehavior(const QString& behavior); // all, any
    nlohmann::json conditions() const;
    QString behavior() const;
    QTableWidget* table() const { return m_table; }

private:
    void addRow(const nlohmann::json& condition, bool keepWhenUnchanged = false);
    void refreshRow(int row);
    QStringList rowState(int row) const; // question, operator, answer as the row shows them
    const nlohmann::json* question(const QString& linkId) const;

    std::vector<nlohmann::json> m_questions; // answerable items other than the target
    QTableWidget* m_table = nullptr;
    QComboBox* m_behavior = nullptr;
};

class ScoreBuilder : public QDialog
{
    Q_OBJECT
public:
    ScoreBuilder(const nlohmann::json& questionnaire, const std::string& target, const QString& current,
                 QWidget* parent = nullptr);
    void setChosen(const std::vector<std::string>& linkIds);
    std::vector<std::string> chosen() const;
    QString expression() const;
    QLabel* preview() const { return m_expression; }
    QLabel* range() const { return m_range; }
    QListWidget* items() const { return m_items; }

private:
    void update();
    QListWidget* m_items = nullptr;
    QLabel* m_expression = nullptr;
    QLabel* m_range = nullptr;
    nlohmann::json m_questionnaire;
};

// Edits answerOption (with ordinal scores) or item codes; rows keep every element they do not show,
// and a row left as it was is kept exactly (even an entry that is not an object).
class CodeListEditor : public QDialog
{
    Q_OBJECT
public:
    enum class Mode { AnswerOptions, ItemCodes };
    CodeListEditor(Mode mode, const nlohmann::json& current, QWidget* parent = nullptr);

    void addRow(const QString& system, const QString& code, const QString& display, const QString& ordinal = {});
    nlohmann::json result() const;
    QTableWidget* table() const { return m_table; }

private:
    void addRowFrom(const nlohmann::json& entry);
    QStringList rowTexts(int row) const;
    Mode m_mode;
    QTableWidget* m_table = nullptr;
};

QStringList knownCodeSystems();

} // namespace avocet::ui::designer

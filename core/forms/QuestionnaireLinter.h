#pragma once
// Checks a template before it is published: everything a clinical change manager would want
// caught, each finding with a severity, the item's linkId and a message in plain words.

#include <string>
#include <vector>

#include "core/forms/Questionnaire.h"

namespace avocet::core::forms {

enum class Severity { Error, Warning, Info };

const char* severityName(Severity severity);

struct LintFinding
{
    Severity severity = Severity::Error;
    std::string linkId; // empty for the form as a whole
    std::string message;
};

class QuestionnaireLinter
{
public:
    explicit QuestionnaireLinter(const Questionnaire& questionnaire) : m_questionnaire(questionnaire) {}

    std::vector<LintFinding> run();

    static bool hasErrors(const std::vector<LintFinding>& findings);

private:
    void add(Severity severity, const std::string& linkId, std::string message);
    void checkForm();
    void checkLinkIds();
    void checkItem(const QuestionnaireItem& item);
    void checkOptions(const QuestionnaireItem& item);
    void checkEnableWhen(const QuestionnaireItem& item);
    void checkValues(const QuestionnaireItem& item);
    void checkCycles();
    void checkExpressions();
    void checkDryRun();

    const Questionnaire& m_questionnaire;
    std::vector<LintFinding> m_findings;
};

} // namespace avocet::core::forms

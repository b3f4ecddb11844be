#pragma once
// Beside an open form: which EPR(s) will receive it when it is completed (core/identity routing
// with the patient's EPR of record) and, in plain words, every item that EPR's mapping cannot hold
// exactly (core/mapping coverage), so nothing is dropped without the clinician knowing.
#include <QFrame>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "core/usecases/FormCatalogue.h"

class QLabel;

namespace avocet::ui::forms {

struct EprPreview
{
    QStringList eprs;       // the EPRs that will receive it
    QStringList problems;   // routing problems (no record, no mapping), plain words
    QStringList cannotHold; // one line per item an EPR cannot hold, or holds only in part
    QStringList mappings;   // per EPR, the mapping previewed: "Paris: paris-phq9 1.1.0 (trust's server)"
};

// The preview for a template (Questionnaire JSON) and the patient's EPR of record ("Paris", ...).
// hub: the mappings a submission from this computer will be pinned to (core/usecases mappingsToPin);
// null or none held: the mappings shipped with Avocet.
EprPreview previewSubmission(const nlohmann::json& questionnaire, const QString& patientEpr,
                             const core::usecases::PinnedMappings* hub = nullptr);

class EprPanel : public QFrame
{
    Q_OBJECT
public:
    explicit EprPanel(QWidget* parent = nullptr);
    void showFor(const nlohmann::json& questionnaire, const QString& patientEpr,
                 const core::usecases::PinnedMappings* hub = nullptr);
    // A transfer-of-care document: where it goes, and that the EPR files it as correspondence.
    void showTransfer(const nlohmann::json& questionnaire, const QString& patientEpr);
    const EprPreview& preview() const { return m_preview; }
    QString text() const; // what the panel says (tests)

private:
    EprPreview m_preview;
    QLabel* m_heading = nullptr;
    QLabel* m_body = nullptr;
};

} // namespace avocet::ui::forms

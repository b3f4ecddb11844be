#pragma once
// Beside an open form: which EPR(s) will receive it when it is completed (core/identity routing
// with the patient's EPR of record) and, in plain words, every item that EPR's mapping cannot hold
// exactly (core/mapping coverage), so nothing is dropped without the clinician knowing.
#include <QFrame>
#include <QStringList>

#include <nlohmann/json.hpp>

#include "core/usecases/FormCatalogue.h"

class QLabel;
class QLineEdit;
class QWidget;

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
    // A transfer-of-care document: where it goes, that the EPR files it as correspondence, and who
    // signs it off (name and role, as they appear on the document; the typed values are kept).
    void showTransfer(const nlohmann::json& questionnaire, const QString& patientEpr);
    const EprPreview& preview() const { return m_preview; }
    QString text() const; // what the panel says (tests)

    // The signer, as typed (trimmed). setSigner fills only fields still empty (what the user typed
    // wins over what was remembered).
    QString signerName() const;
    QString signerRole() const;
    void setSigner(const QString& name, const QString& role);
    // Says why the document cannot be signed off yet, beside the signer's name (empty: clears it).
    void showSignerProblem(const QString& problem);
    QString signerProblem() const;
    QLineEdit* signerNameEdit() const { return m_signerName; }
    QLineEdit* signerRoleEdit() const { return m_signerRole; }

private:
    EprPreview m_preview;
    QLabel* m_heading = nullptr;
    QLabel* m_body = nullptr;
    QWidget* m_signer = nullptr;
    QLineEdit* m_signerName = nullptr;
    QLineEdit* m_signerRole = nullptr;
    QLabel* m_signerProblem = nullptr;
};

} // namespace avocet::ui::forms

#pragma once
// A patient's forms in their own window: drafts to continue and templates to start, and the open
// form beside them. Closes itself when the session locks; every change is saved as a draft.
#include <QPointer>
#include <QString>
#include <QWidget>

#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "core/documents/DocumentView.h"
#include "ui/PatientRow.h"
#include "ui/forms/FormRecords.h"

class QLabel;
class QListWidget;
class QListWidgetItem;
class QVBoxLayout;

namespace avocet::ui::forms {

class EprPanel;
class FormDrafts;
class FormView;

class FormWindow : public QWidget
{
    Q_OBJECT
public:
    // patientLabel is shown in the title bar (a name is on screen anyway; it is never logged).
    FormWindow(FormDrafts& drafts, const QString& patientId, const QString& patientLabel, QWidget* parent = nullptr);
    ~FormWindow() override;

    // Saves the open form's draft now (the lock path calls every widget's saveNow()).
    Q_INVOKABLE bool saveNow();
    FormView* formView() const;
    QListWidget* formList() const { return m_list; }
    // Re-reads the patient's drafts from the cache.
    void reloadDrafts();

    // The templates built into Avocet (":/templates/*.json").
    static QStringList builtInTemplates();

    // Completing and amending: the panel saying which EPR receives the open form and
    // what it cannot hold; the patient as loaded for the response's subject.
    EprPanel* eprPanel() const { return m_eprPanel; }
    const PatientRow& patient() const { return m_patient; }
    // Opens a completed or amended response made on this computer, to amend it.
    void openResponse(const QString& localId);
    // Reopens a draft saved on this computer (after an unlock, where the user left it).
    void openDraftById(const QString& draftId);
    // The draft of the open form, empty when none (an amendment, or nothing open).
    QString openDraftId() const;
    const QString& patientId() const { return m_patientId; }
    // "FAMILY, Given · NHS 999 000 0018 · Born 12-Mar-1961 (65 y) · Record held in Mobius"
    static QString bannerText(const PatientRow& patient);
    QLabel* banner() const { return m_banner; }
    // Whether this computer is set up to sync with the trust's server (the message after completing a
    // form says where it goes and when).
    void setSyncSetUp(bool setUp) { m_syncSetUp = setUp; }
    // The trust sending discharge summaries, letters and notices (the letterhead of their PDF and the
    // custodian of the FHIR document): the trust's settings (print/Letterhead.h); the demo trust by default.
    void setLetterhead(const core::documents::Sender& letterhead) { m_letterhead = letterhead; }
    const core::documents::Sender& letterhead() const { return m_letterhead; }

Q_SIGNALS:
    // A form was completed or amended and queued for sync (localId of the response).
    void submitted(const QString& localId);
    void submitFailed(const QString& message);

private:
    void openEntry(QListWidgetItem* entry);
    void openTemplate(const QString& canonical);
    void refreshEprPanel();
    void openDraft(const QString& draftId);
    void showForm(FormView* view);
    void showMessage(const QString& text);
    void submitOpenForm();
    // A transfer-of-care document: signed off and queued with its FHIR document and PDF.
    void signOffOpenDocument(nlohmann::json response);
    // Offers the name and role this user last signed a document off with (the panel's signer fields).
    void offerRememberedSigner();

    FormDrafts& m_drafts;
    QString m_patientId;
    QListWidget* m_list = nullptr;
    QVBoxLayout* m_formArea = nullptr;
    QLabel* m_placeholder = nullptr;
    QLabel* m_banner = nullptr;
    QPointer<FormView> m_view;
    EprPanel* m_eprPanel = nullptr;
    PatientRow m_patient;
    QVector<LocalResponse> m_responses;
    bool m_syncSetUp = false;
    QString m_amending; // local id of the response the open form amends, empty for a new form
    std::map<std::string, nlohmann::json> m_templates; // the templates offered, by canonical
    core::documents::Sender m_letterhead;
};

} // namespace avocet::ui::forms

#pragma once
// One EPR's mapping beside the template: the EPR's native form fields on one side, the template's
// items on the other, a policy and field per item, code maps, and coverage (core/mapping) shown as
// it changes. Items the EPR cannot hold are marked with their policy and reason. The demo
// catalogues are ILLUSTRATIVE and the editor says so. An entry that loses information (omit,
// append, attach, truncate, a code shared by several answers) is published only with a clinical
// sign-off (who, when, why) recorded on it: "Clinical sign-off…" records one.
#include <QDate>
#include <QWidget>

#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/mapping/NativeCatalogue.h"

class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QTableWidget;

namespace avocet::ui::designer {

class DesignerDocument;

// What the clinician signing off a lossy entry records.
struct SignOffAnswer
{
    QString by; // name and role
    QDate date;
    QString why;
};

class MappingEditor : public QWidget
{
    Q_OBJECT
public:
    MappingEditor(DesignerDocument& document, const QString& epr, const nlohmann::json& catalogue,
                  QWidget* parent = nullptr);

    QString epr() const { return m_epr; }
    // Test seams and helpers: every change is an undoable document edit.
    void createMapping(const QString& nativeForm);
    bool setEntry(const QString& linkId, const QString& policy, const QString& field, const QString& reason = {});
    bool setCodeMap(const QString& linkId, const QString& code, const QString& native);
    // Records the clinical sign-off on the entry for `linkId` (false, changing nothing, when there
    // is no such entry or a part is empty). Changing the entry afterwards removes it.
    bool setSignOff(const QString& linkId, const SignOffAnswer& answer);
    // The items whose entries lose information and have no sign-off yet (publishing is refused).
    QStringList awaitingSignOff() const;
    // Asks for a sign-off (nullopt = cancelled). Tests pre-answer it; default shows a dialog.
    void setSignOffPrompt(std::function<std::optional<SignOffAnswer>(const QString& linkId, const QString& loss)> prompt)
    {
        m_signOffPrompt = std::move(prompt);
    }
    QPushButton* signOffButton() const
    {
        ensureCurrent();
        return m_signOffButton;
    }
    // The sign-off dialog for the entry of `linkId`, whose loss is described by `loss`.
    static std::optional<SignOffAnswer> askSignOff(QWidget* parent, const QString& linkId, const QString& loss);
    QString coverageSummary() const;
    bool isCoverageComplete() const
    {
        ensureCurrent();
        return m_complete;
    }
    QTableWidget* items() const
    {
        ensureCurrent();
        return m_items;
    }
    QListWidget* nativeFields() const
    {
        ensureCurrent();
        return m_fields;
    }

    // A skeleton mapping document for this EPR and template.
    static nlohmann::json skeleton(const nlohmann::json& questionnaire, const std::string& epr, const std::string& nativeForm);

protected:
    void showEvent(QShowEvent* event) override;

private:
    // The table is rebuilt when the template or mapping changes only while the tab is on show (a
    // large template has hundreds of rows); a hidden editor catches up when shown or asked.
    void documentChanged();
    void ensureCurrent() const;
    void reload();
    const core::mapping::NativeForm* form() const;
    nlohmann::json mapping() const;
    void editCodes(const QString& linkId);
    void signOffSelected();
    void updateSignOffButton();

    struct Loss
    {
        QString description; // what the entry loses, as coverage says it
        bool signedOff = false;
    };
    std::map<QString, Loss> m_losses; // linkId -> the loss of a lossy entry
    std::function<std::optional<SignOffAnswer>(const QString&, const QString&)> m_signOffPrompt;

    DesignerDocument& m_document;
    QString m_epr;
    std::optional<core::mapping::NativeCatalogue> m_catalogue;
    nlohmann::json m_catalogueJson;
    bool m_complete = false;
    bool m_loading = false;
    bool m_stale = false;

    QLabel* m_illustrative = nullptr;
    QComboBox* m_form = nullptr;
    QPushButton* m_create = nullptr;
    QPushButton* m_signOffButton = nullptr;
    QLabel* m_coverage = nullptr;
    QLabel* m_problems = nullptr;
    QTableWidget* m_items = nullptr;
    QListWidget* m_fields = nullptr;
};

} // namespace avocet::ui::designer

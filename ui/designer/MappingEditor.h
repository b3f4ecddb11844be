#pragma once
// One EPR's mapping beside the template: the EPR's native form fields on one side, the template's
// items on the other, a policy and field per item, code maps, and coverage (core/mapping) shown as
// it changes. Items the EPR cannot hold are marked with their policy and reason. The demo
// catalogues are ILLUSTRATIVE and the editor says so.
#include <QWidget>

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
    QString coverageSummary() const;
    bool isCoverageComplete() const { return m_complete; }
    QTableWidget* items() const { return m_items; }
    QListWidget* nativeFields() const { return m_fields; }

    // A skeleton mapping document for this EPR and template.
    static nlohmann::json skeleton(const nlohmann::json& questionnaire, const std::string& epr, const std::string& nativeForm);

private:
    void reload();
    const core::mapping::NativeForm* form() const;
    nlohmann::json mapping() const;
    void editCodes(const QString& linkId);

    DesignerDocument& m_document;
    QString m_epr;
    std::optional<core::mapping::NativeCatalogue> m_catalogue;
    nlohmann::json m_catalogueJson;
    bool m_complete = false;
    bool m_loading = false;

    QLabel* m_illustrative = nullptr;
    QComboBox* m_form = nullptr;
    QPushButton* m_create = nullptr;
    QLabel* m_coverage = nullptr;
    QLabel* m_problems = nullptr;
    QTableWidget* m_items = nullptr;
    QListWidget* m_fields = nullptr;
};

} // namespace avocet::ui::designer

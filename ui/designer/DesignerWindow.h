#pragma once
// The template designer for clinical change managers: the item tree (drag and drop to reorder and
// nest), every tier-one property, the real form renderer as a live preview (with a "fill as a
// clinician" mode that shows calculated scores), live lint, a field library of reviewed blocks, a
// mapping editor per EPR, versions with a diff and its impact on every mapping, import/export of
// FHIR JSON and publishing to the hub. Every edit is undoable.
#include <QMainWindow>
#include <QPointer>
#include <QString>

#include <functional>
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QTabWidget;
class QTableWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;
class QVBoxLayout;

namespace avocet::ui::forms {
class FormView;
}

namespace avocet::ui::designer {

class DesignerDocument;
class MappingEditor;
class PropertyPanel;

// Where and as whom to publish; the password is asked for when empty.
struct PublishTarget
{
    QString baseUrl;
    QString username;
    QString password;
};

struct PublishOutcome
{
    bool ok = false;
    QString message;
    QString resourceId;
    QStringList mappings; // "id@version" of each mapping document published (or already on the hub)
};

class DesignerWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit DesignerWindow(QWidget* parent = nullptr);
    ~DesignerWindow() override;

    DesignerDocument& document() const { return *m_document; }
    void newTemplate();
    // Import keeps the current work untouched when the file is not a loadable template; the
    // message says what is wrong and where.
    bool importFile(const QString& path, QString* error = nullptr);
    bool importText(const std::string& text, QString* error = nullptr);
    bool exportFile(const QString& path, QString* error = nullptr);
    // Adds an item of a type under the selected group (or at the top level).
    QString addItem(const QString& type, const QString& text = {});
    bool insertLibraryBlock(const QString& id);
    static QStringList libraryBlocks(); // ids of resources/library/*.json

    void selectItem(const QString& linkId);
    QString selectedLinkId() const;
    // The version this one is compared with (the last published, or the imported original).
    void setBaseline(const nlohmann::json& questionnaire);
    const std::optional<nlohmann::json>& baseline() const { return m_baseline; }
    void refreshVersions();

    // Publishing: runs off the UI thread through core/sync; `done` gets the outcome.
    void publish(const PublishTarget& target, std::function<void(PublishOutcome)> done);
    // Blocking form for tests and the CLI: the same checks and requests. The EPR mapping documents
    // edited beside the template (EPR name -> document) go to the hub's POST /mappings after it.
    static PublishOutcome publishNow(const nlohmann::json& questionnaire, const std::optional<nlohmann::json>& published,
                                     const PublishTarget& target,
                                     const std::map<std::string, nlohmann::json>& mappings = {});

    // Test seams.
    QTreeWidget* tree() const { return m_tree; }
    PropertyPanel* properties() const { return m_properties; }
    QListWidget* lintList() const { return m_lint; }
    forms::FormView* preview() const;
    QCheckBox* fillMode() const { return m_fill; }
    QTabWidget* tabs() const { return m_tabs; }
    MappingEditor* mappingEditor(const QString& epr) const;
    QTableWidget* diffTable() const { return m_diff; }
    QTableWidget* impactTable() const { return m_impact; }
    QLabel* statusLine() const { return m_status; }
    int lintErrorCount() const { return m_lintErrors; }
    void rebuildPreviewNow();

private:
    void buildUi();
    void buildActions();
    void documentChanged();
    void rebuildTree();
    void addTreeItems(const nlohmann::json& items, QTreeWidgetItem* parent);
    void runLint();
    void treeDropped(const QString& linkId, const QString& newParent, int index);
    void loadShippedMappings();
    void showMessage(const QString& text, bool problem = false);
    void moveStage(int stage);

    DesignerDocument* m_document = nullptr;
    QTreeWidget* m_tree = nullptr;
    PropertyPanel* m_properties = nullptr;
    QListWidget* m_lint = nullptr;
    QListWidget* m_library = nullptr;
    QTabWidget* m_tabs = nullptr;
    QWidget* m_previewHost = nullptr;
    QVBoxLayout* m_previewLayout = nullptr;
    QPointer<forms::FormView> m_preview;
    QCheckBox* m_fill = nullptr;
    QLabel* m_previewError = nullptr;
    std::map<QString, MappingEditor*> m_mappings;
    QTableWidget* m_diff = nullptr;
    QTableWidget* m_impact = nullptr;
    QLabel* m_versionSummary = nullptr;
    QLineEdit* m_version = nullptr;
    QLabel* m_stage = nullptr;
    QLabel* m_status = nullptr;
    QTimer* m_previewTimer = nullptr;
    std::optional<nlohmann::json> m_baseline;
    std::map<std::string, nlohmann::json> m_baselineMappings;
    int m_lintErrors = 0;
    bool m_rebuildingTree = false;
};

} // namespace avocet::ui::designer

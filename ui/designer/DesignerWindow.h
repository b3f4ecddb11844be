#pragma once
// The template designer for clinical change managers: the item tree (drag and drop to reorder and
// nest), every tier-one property, the real form renderer as a live preview (with a "fill as a
// clinician" mode that shows calculated scores), live lint, a field library of reviewed blocks, a
// mapping editor per EPR, versions with a diff and its impact on every mapping, import/export of
// FHIR JSON and publishing to the hub. Every edit is undoable; every action runs behind the action
// guard (an exception ends as a message here, the rest of the application carries on). Opened with
// the user's unlocked session, the work is saved to an encrypted draft in the cache after each
// change and offered back the next time. The window fits the screen it opens on; its panels scroll.
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
class QScreen;
class QScrollArea;
class QSplitter;
class QLineEdit;
class QListWidget;
class QPlainTextEdit;
class QTabWidget;
class QTableWidget;
class QTimer;
class QTreeWidget;
class QTreeWidgetItem;
class QVBoxLayout;

namespace avocet::ui {
class Session;
}

namespace avocet::ui::forms {
class FormView;
}

namespace avocet::core::forms {
struct DesignerDraft;
}

namespace avocet::ui::designer {

class DesignerDocument;
class DesignerDrafts;
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
    // Without a session (tests, the command line) there is no autosave; the status bar says so.
    explicit DesignerWindow(QWidget* parent = nullptr);
    // With the user's session: autosave to the encrypted cache while it is unlocked, and the offer
    // to continue the template saved there.
    explicit DesignerWindow(Session& session, QWidget* parent = nullptr);
    ~DesignerWindow() override;

    // Sizes and places the window inside the screen's available area (never larger than it).
    void fitToScreen(const QScreen* screen);

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

    // What publishing this template would be refused for, before anything is asked or sent: not
    // approved (active) first, then lint errors, the version rule and mappings made for another
    // version. Empty when it may be published.
    static QString publishRefusal(const nlohmann::json& questionnaire, const std::optional<nlohmann::json>& published,
                                  const std::map<std::string, nlohmann::json>& mappings = {});
    // The Publish action: checks publishRefusal first and only then asks where and as whom.
    void requestPublish();
    // Asks for the hub address and sign-in (a dialog by default); nullopt when cancelled. Tests
    // pre-answer it.
    void setPublishPrompt(std::function<std::optional<PublishTarget>()> prompt) { m_publishPrompt = std::move(prompt); }
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
    QLabel* autosaveLine() const { return m_autosaveStatus; }
    QScrollArea* propertyScroll() const { return m_propertyScroll; }
    int lintErrorCount() const { return m_lintErrors; }
    void rebuildPreviewNow();
    // Runs first in every guarded action with the action's name (a test throws from it).
    void setActionHook(std::function<void(const QString&)> hook);
    bool isAutosaveOn() const { return m_drafts != nullptr && m_autosaveReady; }
    void setAutosaveDelay(int ms);
    // Saves the draft now (what the debounce timer does), when autosave is on.
    void saveDraftNow();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // A slot for connect(): runs action behind runGuarded, reported as `what` in this window.
    template <typename F>
    auto guarded(const QString& what, F action);

    void buildUi();
    void buildActions();
    void startAutosave();
    void offerDraft(const core::forms::DesignerDraft& draft);
    void restoreDraft(const core::forms::DesignerDraft& draft);
    void scheduleAutosave();
    void setAutosaveText(const QString& text, bool problem = false);
    std::optional<nlohmann::json> publishedBaseline() const;
    std::optional<PublishTarget> askPublishTarget();
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

    QScrollArea* m_propertyScroll = nullptr;
    QSplitter* m_split = nullptr;
    std::function<void(const QString&)> m_actionHook;
    std::function<std::optional<PublishTarget>()> m_publishPrompt;
    QString m_lastHubAddress;

    QPointer<Session> m_session;
    DesignerDrafts* m_drafts = nullptr; // null without a session: no autosave
    bool m_autosaveReady = false;       // after the offer of the saved draft was answered
    QTimer* m_autosaveTimer = nullptr;
    QLabel* m_autosaveStatus = nullptr;
};

} // namespace avocet::ui::designer

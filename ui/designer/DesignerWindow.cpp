#include "ui/designer/DesignerWindow.h"
#include "core/metrics/MetricImpact.h"
#include "ui/EmbeddedResource.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QDateTime>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDockWidget>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QGuiApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "core/forms/QuestionnaireLinter.h"
#include "core/forms/TemplateDiff.h"
#include "core/forms/TemplateEditor.h"
#include "core/forms/TemplateVersioning.h"
#include "core/mapping/EprMapping.h"
#include "core/mapping/Impact.h"
#include "core/mapping/SemVer.h"
#include "core/mapping/TemplateOutline.h"
#include "core/forms/DesignerDraftStore.h"
#include "core/sync/FhirClient.h"
#include "core/usecases/ScoreRuleCoverage.h"
#include "ui/ActionGuard.h"
#include "ui/Session.h"
#include "ui/designer/DesignerDocument.h"
#include "ui/designer/DesignerDrafts.h"
#include "ui/designer/DesignerSlot.h"
#include "ui/designer/JsonFields.h"
#include "ui/designer/MappingEditor.h"
#include "ui/designer/PropertyPanel.h"
#include "ui/forms/FormView.h"

namespace avocet::ui::designer {

namespace {

using nlohmann::json;
namespace cf = core::forms;

QString qs(const std::string& text) { return QString::fromStdString(text); }
std::string ss(const QString& text) { return text.toStdString(); }


constexpr int kLinkIdRole = Qt::UserRole + 1;
const char* kEprs[] = {"Paris", "Mobius", "SystmOne"};
constexpr const char* kPublishedIdentifier = "https://fhir.avocet.example/Id/template-version";
constexpr const char* kBlankUrl = "https://fhir.avocet.example/Questionnaire/new-template";
constexpr const char* kBlankTitle = "New template";
constexpr int kAutosaveDelayMs = 1500;
// What the window asks for when the screen has room: the three panels side by side.
constexpr QSize kPreferredSize(1500, 900);

// A page that scrolls when its panel is narrower or shorter than its content, so no panel forces
// the window wider or taller than the screen.
QScrollArea* scrolling(QWidget* page, QWidget* parent)
{
    auto* scroll = new QScrollArea(parent);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(page);
    return scroll;
}

// Embedded documents only (templates on disk go through core/forms readTemplateFile).
std::optional<json> readResource(const QString& path)
{
    const auto bytes = readEmbeddedResource(path);
    if (!bytes)
        return std::nullopt;
    json parsed = json::parse(bytes->constData(), bytes->constData() + bytes->size(), nullptr, false);
    if (parsed.is_discarded())
        return std::nullopt;
    return parsed;
}

std::string templateId(const json& questionnaire)
{
    const std::string url = fields::text(questionnaire, "url");
    const auto slash = url.find_last_of('/');
    return slash == std::string::npos ? url : url.substr(slash + 1);
}

// The item tree: Qt only shows where an item was dropped; the document does the move and the
// tree is rebuilt from it, so the tree never disagrees with the JSON.
class ItemTree : public QTreeWidget
{
public:
    std::function<void(const QString&, const QString&, int)> onDrop;
    explicit ItemTree(QWidget* parent) : QTreeWidget(parent)
    {
        setDragDropMode(QAbstractItemView::InternalMove);
        setDefaultDropAction(Qt::MoveAction);
        setSelectionMode(QAbstractItemView::SingleSelection);
    }

protected:
    void dropEvent(QDropEvent* event) override
    {
        QTreeWidgetItem* dragged = currentItem();
        QTreeWidgetItem* target = itemAt(event->position().toPoint());
        event->setDropAction(Qt::IgnoreAction);
        event->accept();
        if (!dragged || !onDrop)
            return;
        QString parent;
        int index = 0;
        const auto position = dropIndicatorPosition();
        if (!target || position == QAbstractItemView::OnViewport) {
            index = topLevelItemCount();
        } else if (position == QAbstractItemView::OnItem) {
            parent = target->data(0, kLinkIdRole).toString();
            index = target->childCount();
        } else {
            QTreeWidgetItem* holder = target->parent();
            parent = holder ? holder->data(0, kLinkIdRole).toString() : QString();
            index = holder ? holder->indexOfChild(target) : indexOfTopLevelItem(target);
            if (position == QAbstractItemView::BelowItem)
                ++index;
            // Counted after the dragged item leaves its place.
            QTreeWidgetItem* draggedHolder = dragged->parent();
            const int draggedIndex = draggedHolder ? draggedHolder->indexOfChild(dragged) : indexOfTopLevelItem(dragged);
            if (draggedHolder == holder && draggedIndex < index)
                --index;
        }
        onDrop(dragged->data(0, kLinkIdRole).toString(), parent, index);
    }
};

} // namespace

template <typename F>
auto DesignerWindow::guarded(const QString& what, F action)
{
    return designerSlot(this, what, &m_actionHook, std::move(action));
}

DesignerWindow::DesignerWindow(QWidget* parent) : QMainWindow(parent), m_document(new DesignerDocument(this))
{
    setWindowTitle(tr("Template designer"));
    setObjectName(QStringLiteral("designerWindow"));
    buildUi();
    buildActions();
    // Tree, lint, versions and preview follow every change; even that runs behind the guard.
    connect(m_document, &DesignerDocument::changed, this, guarded(tr("Show the changed template"), [this] { documentChanged(); }));
    newTemplate();
    fitToScreen(screen());
    setAutosaveText(tr("Autosave off (not signed in)"));
    m_autosaveStatus->setToolTip(tr("Opened without a signed-in session: nothing is saved unless you export it."));
}

DesignerWindow::DesignerWindow(Session& session, QWidget* parent) : DesignerWindow(parent)
{
    m_session = &session;
    startAutosave();
}

DesignerWindow::~DesignerWindow() = default;

void DesignerWindow::setActionHook(std::function<void(const QString&)> hook)
{
    m_actionHook = hook;
    m_properties->setActionHook(std::move(hook));
}

// ---- autosave -----------------------------------------------------------------------------------

void DesignerWindow::startAutosave()
{
    if (!m_session || !m_session->isUnlocked()) {
        setAutosaveText(tr("Autosave off (not signed in)"));
        return;
    }
    m_drafts = new DesignerDrafts(*m_session, this);
    setAutosaveText(tr("Autosave on"));
    m_autosaveStatus->setToolTip(tr("Each change is saved, encrypted, on this computer for your user only, and "
                                    "offered back the next time you open the designer."));
    // Held until the saved draft (if any) has been offered, so the new blank template never
    // replaces it.
    m_drafts->load(this, [this](Reply<std::optional<cf::DesignerDraft>> reply) {
        if (!reply.ok()) {
            setAutosaveText(tr("Autosave: the saved draft could not be read; new changes are saved over it."), true);
            m_autosaveReady = true;
            return;
        }
        if (!reply.value) {
            m_autosaveReady = true;
            return;
        }
        offerDraft(*reply.value);
    });
}

void DesignerWindow::offerDraft(const cf::DesignerDraft& draft)
{
    auto* question = new QMessageBox(QMessageBox::Question, tr("Template designer"),
                                     tr("Continue the template you were editing?"), QMessageBox::NoButton, this);
    question->setObjectName(QStringLiteral("continueDraftQuestion"));
    const QDateTime saved = QDateTime::fromString(qs(draft.updatedAt), Qt::ISODate);
    question->setInformativeText(tr("“%1” %2 was saved on this computer %3.")
                                     .arg(qs(draft.title()), qs(fields::text(draft.questionnaire, "version")),
                                          saved.isValid() ? tr("at %1").arg(QLocale().toString(saved.toLocalTime(), QLocale::ShortFormat))
                                                          : tr("earlier")));
    QPushButton* resume = question->addButton(tr("Continue it"), QMessageBox::AcceptRole);
    resume->setObjectName(QStringLiteral("continueDraft"));
    QPushButton* fresh = question->addButton(tr("Start a new template"), QMessageBox::RejectRole);
    fresh->setObjectName(QStringLiteral("discardDraft"));
    question->setDefaultButton(resume);
    question->setAttribute(Qt::WA_DeleteOnClose);
    connect(question, &QMessageBox::finished, this, guarded(tr("Continue the saved template"), [this, question, resume, draft] {
        const bool continuing = question->clickedButton() == resume;
        m_autosaveReady = true;
        if (continuing) {
            restoreDraft(draft);
            return;
        }
        // A new start: the saved one goes (the next change saves the new template in its place).
        m_drafts->remove(this, [this](Reply<Done> reply) {
            if (!reply.ok())
                setAutosaveText(tr("Autosave: the saved draft could not be removed (%1).").arg(reply.message), true);
        });
    }));
    question->open();
}

void DesignerWindow::restoreDraft(const cf::DesignerDraft& draft)
{
    DesignState state;
    state.questionnaire = draft.questionnaire;
    state.mappings = draft.mappings;
    m_baseline = draft.baseline;
    m_baselineMappings = draft.baselineMappings;
    m_document->reset(state);
    showMessage(tr("Continued “%1” where you left it.").arg(qs(draft.title())));
}

void DesignerWindow::setAutosaveDelay(int ms) { m_autosaveTimer->setInterval(ms); }

void DesignerWindow::scheduleAutosave()
{
    if (isAutosaveOn())
        m_autosaveTimer->start();
}

void DesignerWindow::saveDraftNow()
{
    m_autosaveTimer->stop();
    if (!isAutosaveOn())
        return;
    // Nothing worth keeping: a new template nobody has changed yet.
    const bool blank = !m_baseline && m_document->state().mappings.empty() &&
                       m_document->questionnaire() == cf::TemplateEditor::blankTemplate(kBlankUrl, kBlankTitle);
    if (blank) {
        m_drafts->remove(this, [](Reply<Done>) {});
        return;
    }
    cf::DesignerDraft draft;
    draft.questionnaire = m_document->questionnaire();
    draft.mappings = m_document->state().mappings;
    draft.baseline = m_baseline;
    draft.baselineMappings = m_baselineMappings;
    m_drafts->save(std::move(draft), this, [this](Reply<Done> reply) {
        if (reply.ok())
            setAutosaveText(tr("Saved on this computer at %1").arg(QLocale().toString(QTime::currentTime(), QLocale::ShortFormat)));
        else if (reply.code == core::ErrorCode::ProfileLocked)
            setAutosaveText(tr("Autosave paused while the session is locked"), true);
        else
            setAutosaveText(tr("Autosave failed: %1").arg(reply.message), true);
    });
}

void DesignerWindow::setAutosaveText(const QString& text, bool problem)
{
    m_autosaveStatus->setText(text);
    m_autosaveStatus->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QStringLiteral("color: #555555;"));
}

void DesignerWindow::closeEvent(QCloseEvent* event)
{
    // A change still waiting for the debounce is saved now; the save outlives the window.
    if (m_autosaveTimer->isActive())
        saveDraftNow();
    QMainWindow::closeEvent(event);
}

void DesignerWindow::fitToScreen(const QScreen* screen)
{
    if (!screen)
        screen = QGuiApplication::primaryScreen();
    if (!screen)
        return resize(kPreferredSize);
    const QRect available = screen->availableGeometry();
    // Room for the window manager's frame and title bar, which are outside the size set here.
    const QMargins frame = isVisible() ? QMargins(geometry().left() - frameGeometry().left(),
                                                  geometry().top() - frameGeometry().top(),
                                                  frameGeometry().right() - geometry().right(),
                                                  frameGeometry().bottom() - geometry().bottom())
                                       : QMargins(8, 32, 8, 8);
    const QRect inside = available.marginsRemoved(frame);
    const QSize size = kPreferredSize.boundedTo(inside.size()).expandedTo(minimumSizeHint().boundedTo(inside.size()));
    resize(size);
    if (m_split) // tree and library, properties, tabs (which keep room for all their labels)
        m_split->setSizes({size.width() * 17 / 100, size.width() * 31 / 100, size.width() * 52 / 100});
    QRect placed(QPoint(), size);
    placed.moveCenter(inside.center());
    move(placed.topLeft() - QPoint(frame.left(), frame.top())); // move() places the frame
}

void DesignerWindow::buildUi()
{
    auto* split = new QSplitter(Qt::Horizontal, this);
    m_split = split;
    split->setChildrenCollapsible(false);
    auto* left = new QWidget(split);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(4, 4, 4, 4);
    auto* itemsLabel = new QLabel(tr("<b>Items</b> — drag to reorder or nest"), left);
    itemsLabel->setWordWrap(true);
    leftLayout->addWidget(itemsLabel);
    auto* tree = new ItemTree(left);
    m_tree = tree;
    m_tree->setObjectName(QStringLiteral("designerTree"));
    m_tree->setHeaderLabels({tr("Item"), tr("Type")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->onDrop = [this](const QString& id, const QString& parent, int index) { treeDropped(id, parent, index); };
    leftLayout->addWidget(m_tree, 3);
    auto* libraryLabel = new QLabel(tr("<b>Field library</b> — reviewed blocks; double-click to add"), left);
    libraryLabel->setWordWrap(true);
    leftLayout->addWidget(libraryLabel);
    m_library = new QListWidget(left);
    m_library->setObjectName(QStringLiteral("fieldLibrary"));
    for (const QString& id : libraryBlocks())
        if (auto block = readResource(QStringLiteral(":/library/%1.json").arg(id))) {
            const json& reviewed = fields::object(*block, "reviewed");
            auto* entry = new QListWidgetItem(qs(fields::text(*block, "title", ss(id))), m_library);
            entry->setData(Qt::UserRole, id);
            entry->setToolTip(qs(fields::text(*block, "description")) + QStringLiteral("\n") +
                              tr("Reviewed: %1, %2").arg(qs(fields::text(reviewed, "by")), qs(fields::text(reviewed, "date"))));
        }
    leftLayout->addWidget(m_library, 1);

    auto* propertyScroll = new QScrollArea(split);
    m_propertyScroll = propertyScroll;
    propertyScroll->setObjectName(QStringLiteral("propertyScroll"));
    propertyScroll->setWidgetResizable(true);
    m_properties = new PropertyPanel(*m_document, propertyScroll);
    propertyScroll->setWidget(m_properties);

    m_tabs = new QTabWidget(split);
    m_previewHost = new QWidget(m_tabs);
    m_previewLayout = new QVBoxLayout(m_previewHost);
    m_fill = new QCheckBox(tr("Fill as a clinician"), m_previewHost);
    m_fill->setToolTip(tr("Answers are kept while you edit; scores are calculated."));
    m_fill->setObjectName(QStringLiteral("fillAsClinician"));
    m_previewLayout->addWidget(m_fill);
    m_previewError = new QLabel(m_previewHost);
    m_previewError->setWordWrap(true);
    m_previewError->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_previewLayout->addWidget(m_previewError);
    m_tabs->addTab(m_previewHost, tr("Preview"));
    for (const char* epr : kEprs) {
        const QString name = QString::fromLatin1(epr);
        auto catalogue = readResource(QStringLiteral(":/epr/%1.json").arg(name.toLower())).value_or(json::object());
        auto* editor = new MappingEditor(*m_document, name, catalogue, m_tabs);
        m_mappings[name] = editor;
        m_tabs->addTab(editor, tr("Mapping: %1").arg(name));
    }
    auto* versions = new QWidget;
    versions->setObjectName(QStringLiteral("versionsPage"));
    auto* versionLayout = new QVBoxLayout(versions);
    auto* versionRow = new QHBoxLayout;
    versionRow->addWidget(new QLabel(tr("Version"), versions));
    m_version = new QLineEdit(versions);
    m_version->setObjectName(QStringLiteral("version"));
    versionRow->addWidget(m_version);
    auto* suggest = new QPushButton(tr("Use suggested version"), versions);
    versionRow->addWidget(suggest);
    auto* compare = new QPushButton(tr("Compare with a file…"), versions);
    versionRow->addWidget(compare);
    versionRow->addStretch();
    versionLayout->addLayout(versionRow);
    auto* stageRow = new QHBoxLayout;
    m_stage = new QLabel(versions);
    stageRow->addWidget(m_stage);
    const std::pair<QString, cf::WorkflowStage> stages[] = {{tr("Send for review"), cf::WorkflowStage::InReview},
                                                            {tr("Back to draft"), cf::WorkflowStage::Draft},
                                                            {tr("Approve (active)"), cf::WorkflowStage::Active},
                                                            {tr("Retire"), cf::WorkflowStage::Retired}};
    for (const auto& [label, stage] : stages) {
        auto* button = new QPushButton(label, versions);
        connect(button, &QPushButton::clicked, this, guarded(label, [this, stage = stage] { moveStage(static_cast<int>(stage)); }));
        stageRow->addWidget(button);
    }
    stageRow->addStretch();
    versionLayout->addLayout(stageRow);
    m_versionSummary = new QLabel(versions);
    m_versionSummary->setObjectName(QStringLiteral("versionSummary"));
    m_versionSummary->setWordWrap(true);
    versionLayout->addWidget(m_versionSummary);
    m_diff = new QTableWidget(0, 4, versions);
    m_diff->setObjectName(QStringLiteral("diffTable"));
    m_diff->setHorizontalHeaderLabels({tr("Item"), tr("Change"), tr("Incompatible"), tr("What it means")});
    m_diff->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_diff->verticalHeader()->hide();
    versionLayout->addWidget(new QLabel(tr("<b>Changes since the compared version</b> (keyed on linkId)"), versions));
    versionLayout->addWidget(m_diff, 1);
    m_impact = new QTableWidget(0, 5, versions);
    m_impact->setObjectName(QStringLiteral("impactTable"));
    m_impact->setHorizontalHeaderLabels({tr("Severity"), tr("EPR / report"), tr("Item"), tr("Kind"), tr("What it means")});
    m_impact->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    m_impact->verticalHeader()->hide();
    versionLayout->addWidget(new QLabel(tr("<b>Impact on each EPR mapping and report code</b>"), versions));
    versionLayout->addWidget(m_impact, 1);
    // The versions page scrolls inside its tab, so it never makes the window wider than the screen.
    m_tabs->addTab(scrolling(versions, m_tabs), tr("Versions and impact"));
    split->addWidget(left);
    split->addWidget(propertyScroll);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 6);
    // The property panel scrolls (vertically, and sideways when narrower than its rows); it never
    // takes the room of the preview and the tabs beside it.
    left->setMinimumWidth(180);
    propertyScroll->setMinimumWidth(260);
    propertyScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    m_tabs->setMinimumWidth(360);
    m_tabs->setUsesScrollButtons(true);
    split->setSizes({270, 435, 795});
    setCentralWidget(split);

    auto* lintDock = new QDockWidget(tr("Checks"), this);
    lintDock->setObjectName(QStringLiteral("lintDock"));
    m_lint = new QListWidget(lintDock);
    m_lint->setObjectName(QStringLiteral("lintList"));
    lintDock->setWidget(m_lint);
    addDockWidget(Qt::BottomDockWidgetArea, lintDock);
    resizeDocks({lintDock}, {120}, Qt::Vertical); // the form and its preview need the height
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("designerStatus"));
    m_status->setWordWrap(true);
    m_status->setMinimumWidth(1); // a long message wraps; it never widens the window
    statusBar()->addWidget(m_status, 1);
    m_autosaveStatus = new QLabel(this);
    m_autosaveStatus->setObjectName(QStringLiteral("designerAutosave"));
    statusBar()->addPermanentWidget(m_autosaveStatus);
    m_autosaveTimer = new QTimer(this);
    m_autosaveTimer->setSingleShot(true);
    m_autosaveTimer->setInterval(kAutosaveDelayMs);
    connect(m_autosaveTimer, &QTimer::timeout, this, &DesignerWindow::saveDraftNow);

    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(250);
    connect(m_previewTimer, &QTimer::timeout, this, &DesignerWindow::rebuildPreviewNow);
    connect(m_fill, &QCheckBox::toggled, this, guarded(tr("Fill as a clinician"), [this] { rebuildPreviewNow(); }));
    connect(m_tree, &QTreeWidget::currentItemChanged, this, guarded(tr("Select an item"), [this](QTreeWidgetItem* current) {
        if (!m_rebuildingTree)
            m_properties->showItem(current ? ss(current->data(0, kLinkIdRole).toString()) : std::string());
    }));
    connect(m_properties, &PropertyPanel::linkIdRenamed, this, &DesignerWindow::selectItem);
    connect(m_properties, &PropertyPanel::problem, this, [this](const QString& text) { showMessage(text, true); });
    auto selectFinding = [this](QListWidgetItem* entry) {
        if (!entry->data(Qt::UserRole).toString().isEmpty())
            selectItem(entry->data(Qt::UserRole).toString());
    };
    connect(m_lint, &QListWidget::itemActivated, this, guarded(tr("Show the finding"), selectFinding));
    connect(m_lint, &QListWidget::itemClicked, this, guarded(tr("Show the finding"), selectFinding));
    connect(m_library, &QListWidget::itemActivated, this, guarded(tr("Add from the library"), [this](QListWidgetItem* entry) {
        insertLibraryBlock(entry->data(Qt::UserRole).toString());
    }));
    connect(m_version, &QLineEdit::editingFinished, this, guarded(tr("Set version"), [this] {
        const std::string version = ss(m_version->text().trimmed());
        (void)m_document->edit(tr("Set version"), [version](cf::TemplateEditor& e) { return e.setRoot("version", version); });
    }));
    connect(suggest, &QPushButton::clicked, this, guarded(tr("Use suggested version"), [this] {
        if (!m_baseline)
            return;
        const auto check = cf::checkPublish(&*m_baseline, m_document->questionnaire(), m_lintErrors);
        const std::string version = check.suggestedVersion;
        (void)m_document->edit(tr("Set version"), [version](cf::TemplateEditor& e) { return e.setRoot("version", version); });
    }));
    connect(compare, &QPushButton::clicked, this, guarded(tr("Compare with a file"), [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Compare with"), {}, tr("FHIR JSON (*.json)"));
        if (path.isEmpty())
            return;
        auto loaded = cf::readTemplateFile(ss(path));
        if (!loaded)
            return showMessage(qs(loaded.message()), true);
        setBaseline(*loaded);
    }));
}

void DesignerWindow::buildActions()
{
    auto* file = menuBar()->addMenu(tr("&Template"));
    auto* toolbar = addToolBar(tr("Designer"));
    toolbar->setObjectName(QStringLiteral("designerToolbar"));
    // Every action runs behind the guard: a failure is a message in this window, nothing more.
    auto action = [this](const QString& text, const QString& name, const QKeySequence& key, std::function<void()> run) {
        auto* created = new QAction(text, this);
        created->setObjectName(name);
        if (!key.isEmpty())
            created->setShortcut(key);
        connect(created, &QAction::triggered, this, guarded(text, std::move(run)));
        return created;
    };
    auto add = [&](const QString& text, const QString& name, const QKeySequence& key, std::function<void()> run) {
        QAction* created = action(text, name, key, std::move(run));
        file->addAction(created);
        toolbar->addAction(created);
        return created;
    };
    add(tr("New"), QStringLiteral("newTemplate"), QKeySequence::New, [this] { newTemplate(); });
    add(tr("Import…"), QStringLiteral("importTemplate"), QKeySequence::Open, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import FHIR Questionnaire"), {}, tr("FHIR JSON (*.json)"));
        QString error;
        if (!path.isEmpty() && !importFile(path, &error))
            QMessageBox::warning(this, tr("Cannot import"), error);
    });
    add(tr("Export…"), QStringLiteral("exportTemplate"), QKeySequence::SaveAs, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export FHIR Questionnaire"), {}, tr("FHIR JSON (*.json)"));
        QString error;
        if (!path.isEmpty() && !exportFile(path, &error))
            QMessageBox::warning(this, tr("Cannot export"), error);
    });
    toolbar->addSeparator();
    // Undo and Redo keep their labels (what they would undo is in the tooltip), so the toolbar
    // buttons after them do not move as the description changes.
    QUndoStack* stack = m_document->undoStack();
    QAction* undo = action(tr("Undo"), QStringLiteral("undo"), QKeySequence::Undo, [stack] { stack->undo(); });
    QAction* redo = action(tr("Redo"), QStringLiteral("redo"), QKeySequence::Redo, [stack] { stack->redo(); });
    auto describe = [undo, redo, stack, this] {
        undo->setEnabled(stack->canUndo());
        redo->setEnabled(stack->canRedo());
        undo->setToolTip(stack->canUndo() ? tr("Undo: %1").arg(stack->undoText()) : tr("Nothing to undo"));
        redo->setToolTip(stack->canRedo() ? tr("Redo: %1").arg(stack->redoText()) : tr("Nothing to redo"));
    };
    connect(stack, &QUndoStack::indexChanged, this, describe);
    connect(stack, &QUndoStack::cleanChanged, this, describe);
    describe();
    auto* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undo);
    edit->addAction(redo);
    toolbar->addAction(undo);
    toolbar->addAction(redo);
    toolbar->addSeparator();
    auto* addMenu = new QMenu(tr("Add item"), this);
    addMenu->setObjectName(QStringLiteral("addItemMenu"));
    // FHIR item type codes; the menu shows them through tr() (the code itself is what is added).
    for (const char* type : {QT_TR_NOOP("group"), QT_TR_NOOP("display"), QT_TR_NOOP("boolean"), QT_TR_NOOP("choice"),
                             QT_TR_NOOP("open-choice"), QT_TR_NOOP("integer"), QT_TR_NOOP("decimal"), QT_TR_NOOP("date"),
                             QT_TR_NOOP("dateTime"), QT_TR_NOOP("time"), QT_TR_NOOP("string"), QT_TR_NOOP("text"),
                             QT_TR_NOOP("quantity")})
        addMenu->addAction(action(tr(type), QStringLiteral("add-%1").arg(QString::fromLatin1(type)), {},
                                  [this, type] { addItem(QString::fromLatin1(type)); }));
    // One click opens the list of types (a menu button that needed press-and-hold hid them).
    auto* addButton = new QToolButton(toolbar);
    addButton->setObjectName(QStringLiteral("addItemButton"));
    addButton->setText(tr("Add item"));
    addButton->setToolTip(tr("Add an item of a type under the selected group"));
    addButton->setMenu(addMenu);
    addButton->setPopupMode(QToolButton::InstantPopup);
    addButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    toolbar->addWidget(addButton);
    edit->addMenu(addMenu);
    QAction* remove = action(tr("Delete item"), QStringLiteral("deleteItem"), QKeySequence::Delete, [this] {
        const std::string id = ss(selectedLinkId());
        if (!id.empty())
            (void)m_document->edit(tr("Delete %1").arg(qs(id)), [id](cf::TemplateEditor& e) { return e.removeItem(id); });
    });
    toolbar->addAction(remove);
    edit->addAction(remove);
    toolbar->addSeparator();
    QAction* publishAction = action(tr("Publish…"), QStringLiteral("publishTemplate"), {}, [this] { requestPublish(); });
    toolbar->addAction(publishAction);
    file->addAction(publishAction);
}

QStringList DesignerWindow::libraryBlocks()
{
    QStringList ids;
    for (const QString& name : QDir(QStringLiteral(":/library")).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        ids << QFileInfo(name).completeBaseName();
    return ids;
}

void DesignerWindow::newTemplate()
{
    DesignState state;
    state.questionnaire = cf::TemplateEditor::blankTemplate(kBlankUrl, kBlankTitle);
    m_baseline.reset();
    m_baselineMappings.clear();
    m_document->reset(state);
}

bool DesignerWindow::importText(const std::string& text, QString* error)
{
    auto parsed = cf::TemplateEditor::parseTemplate(text);
    if (!parsed) {
        const QString message = tr("This template cannot be imported: %1\nYour current work is unchanged.").arg(qs(parsed.message()));
        if (error)
            *error = message;
        showMessage(message, true);
        return false;
    }
    DesignState state;
    state.questionnaire = *parsed;
    m_baseline = *parsed; // compare against what was imported until something is published
    m_document->reset(state);
    loadShippedMappings();
    return true;
}

bool DesignerWindow::importFile(const QString& path, QString* error)
{
    auto loaded = cf::readTemplateFile(ss(path));
    if (!loaded) {
        const QString message = tr("This template cannot be imported: %1\nYour current work is unchanged.").arg(qs(loaded.message()));
        if (error)
            *error = message;
        showMessage(message, true);
        return false;
    }
    return importText(loaded->dump(), error);
}

bool DesignerWindow::exportFile(const QString& path, QString* error)
{
    if (core::Status status = cf::writeTemplateFile(ss(path), m_document->questionnaire()); !status) {
        if (error)
            *error = qs(status.message());
        return false;
    }
    showMessage(tr("Exported to %1.").arg(QFileInfo(path).fileName()));
    return true;
}

void DesignerWindow::loadShippedMappings()
{
    const json& q = m_document->questionnaire();
    DesignState state = m_document->state();
    m_baselineMappings.clear();
    for (const char* epr : kEprs) {
        const QString path = QStringLiteral(":/mappings/%1/%2/%3.json")
                                 .arg(qs(templateId(q)), qs(fields::text(q, "version")), QString::fromLatin1(epr).toLower());
        if (auto mapping = readResource(path)) {
            state.mappings[epr] = *mapping;
            m_baselineMappings[epr] = *mapping;
        }
    }
    m_document->reset(state);
}

QString DesignerWindow::addItem(const QString& type, const QString& text)
{
    const cf::TemplateEditor editor = m_document->editor();
    QString parent = selectedLinkId();
    if (!parent.isEmpty()) {
        const json* selected = editor.item(ss(parent));
        if (!selected || fields::text(*selected, "type") != "group")
            parent = qs(editor.parentOf(ss(parent)));
    }
    const std::string id = editor.uniqueLinkId(ss(type.isEmpty() ? QStringLiteral("item") : type));
    json item = cf::makeItem(id, ss(type), ss(text.isEmpty() ? tr("New %1").arg(type) : text));
    if (type == QStringLiteral("group"))
        item["item"] = json::array({cf::makeItem(editor.uniqueLinkId(id + "-note"), "display", ss(tr("Add questions here")))});
    const std::string parentId = ss(parent);
    if (!m_document->edit(tr("Add %1").arg(type),
                          [&](cf::TemplateEditor& e) { return e.insertItem(parentId, static_cast<std::size_t>(-1), item); }))
        return {};
    selectItem(qs(id));
    return qs(id);
}

bool DesignerWindow::insertLibraryBlock(const QString& id)
{
    auto block = readResource(QStringLiteral(":/library/%1.json").arg(id));
    if (!block || fields::array(*block, "items").empty())
        return false;
    // Blocks keep their reviewed linkIds; a clash is refused rather than renamed, so reports and
    // mappings that know the block's linkIds keep working.
    const json items = fields::array(*block, "items");
    const core::Status status = m_document->edit(tr("Add %1 from the library").arg(qs(fields::text(*block, "title", ss(id)))),
                                                 [&](cf::TemplateEditor& e) {
                                                     for (const json& item : items)
                                                         if (auto s = e.insertItem({}, static_cast<std::size_t>(-1), item); !s)
                                                             return s;
                                                     return core::Status::success();
                                                 });
    if (!status) {
        showMessage(qs(status.message()), true);
        return false;
    }
    if (!items.empty())
        selectItem(qs(fields::text(items[0], "linkId")));
    return true;
}

void DesignerWindow::selectItem(const QString& linkId)
{
    const auto found = m_tree->findItems(linkId, Qt::MatchExactly | Qt::MatchRecursive, 0);
    for (QTreeWidgetItem* entry : found)
        if (entry->data(0, kLinkIdRole).toString() == linkId) {
            m_tree->setCurrentItem(entry);
            m_tree->scrollToItem(entry);
        }
    m_properties->showItem(ss(linkId));
}

QString DesignerWindow::selectedLinkId() const
{
    return m_tree->currentItem() ? m_tree->currentItem()->data(0, kLinkIdRole).toString() : QString();
}

void DesignerWindow::treeDropped(const QString& linkId, const QString& newParent, int index)
{
    const core::Status status = m_document->edit(tr("Move %1").arg(linkId), [&](cf::TemplateEditor& e) {
        return e.moveItem(ss(linkId), ss(newParent), static_cast<std::size_t>(std::max(0, index)));
    });
    if (!status)
        showMessage(qs(status.message()), true);
    selectItem(linkId);
}

void DesignerWindow::documentChanged()
{
    const QString selected = m_properties->linkId().empty() ? selectedLinkId() : qs(m_properties->linkId());
    rebuildTree();
    if (!selected.isEmpty() && m_document->editor().find(ss(selected)))
        selectItem(selected);
    runLint();
    const json& q = m_document->questionnaire();
    m_version->setText(qs(fields::text(q, "version")));
    m_stage->setText(tr("Stage: <b>%1</b>").arg(QString::fromLatin1(cf::workflowStageName(cf::workflowStageOf(q)))));
    setWindowTitle(tr("Template designer — %1 %2").arg(qs(fields::text(q, "title")), qs(fields::text(q, "version"))));
    refreshVersions();
    m_previewTimer->start();
    scheduleAutosave();
}

void DesignerWindow::rebuildTree()
{
    m_rebuildingTree = true;
    m_tree->clear();
    addTreeItems(fields::array(m_document->questionnaire(), "item"), nullptr);
    m_tree->expandAll();
    m_rebuildingTree = false;
}

void DesignerWindow::addTreeItems(const json& items, QTreeWidgetItem* parent)
{
    for (const json& item : items) {
        if (!item.is_object())
            continue;
        const QString id = qs(fields::text(item, "linkId"));
        const QString type = qs(fields::text(item, "type"));
        auto* entry = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
        entry->setText(0, id);
        entry->setToolTip(0, qs(fields::text(item, "text")));
        entry->setText(1, type);
        entry->setData(0, kLinkIdRole, id);
        Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
        if (type == QStringLiteral("group"))
            flags |= Qt::ItemIsDropEnabled;
        entry->setFlags(flags);
        addTreeItems(fields::array(item, "item"), entry);
    }
}

void DesignerWindow::runLint()
{
    m_lint->clear();
    m_lintErrors = 0;
    auto q = cf::Questionnaire::fromJson(m_document->questionnaire());
    if (!q) {
        m_lintErrors = 1;
        auto* entry = new QListWidgetItem(tr("Error: %1").arg(qs(q.message())), m_lint);
        entry->setForeground(QColor(0xb0, 0x00, 0x20));
        return;
    }
    const auto findings = cf::QuestionnaireLinter(*q).run();
    for (const auto& finding : findings) {
        const QString severity = QString::fromLatin1(cf::severityName(finding.severity));
        auto* entry = new QListWidgetItem(QStringLiteral("%1  %2  %3")
                                              .arg(severity, finding.linkId.empty() ? tr("(form)") : qs(finding.linkId),
                                                   qs(finding.message)),
                                          m_lint);
        entry->setData(Qt::UserRole, qs(finding.linkId));
        entry->setForeground(finding.severity == cf::Severity::Error     ? QColor(0xb0, 0x00, 0x20)
                             : finding.severity == cf::Severity::Warning ? QColor(0x8a, 0x5a, 0x00)
                                                                          : QColor(0x44, 0x44, 0x44));
        if (finding.severity == cf::Severity::Error)
            ++m_lintErrors;
    }
    if (findings.empty())
        new QListWidgetItem(tr("No problems found."), m_lint);
}

void DesignerWindow::rebuildPreviewNow()
{
    m_previewTimer->stop();
    json answers;
    if (m_preview && m_fill->isChecked())
        answers = m_preview->session().responseItems();
    delete m_preview;
    m_previewError->clear();
    auto q = cf::Questionnaire::fromJson(m_document->questionnaire());
    if (!q) {
        m_previewError->setText(tr("The preview cannot show this template: %1").arg(qs(q.message())));
        return;
    }
    auto session = cf::FormSession::open(*q);
    if (!session) {
        m_previewError->setText(tr("The preview cannot open this template: %1").arg(qs(session.message())));
        return;
    }
    if (answers.is_array())
        (void)session->loadResponseItems(answers);
    m_preview = new forms::FormView(std::move(session).value(), m_previewHost);
    m_preview->setObjectName(QStringLiteral("designerPreview"));
    m_preview->setEnabled(m_fill->isChecked());
    m_previewLayout->addWidget(m_preview, 1);
}

void DesignerWindow::setBaseline(const json& questionnaire)
{
    m_baseline = questionnaire;
    refreshVersions();
}

void DesignerWindow::refreshVersions()
{
    m_diff->setRowCount(0);
    m_impact->setRowCount(0);
    if (!m_baseline) {
        m_versionSummary->setText(tr("A new template: nothing to compare with yet. Publishing it makes version %1 the first.")
                                      .arg(qs(fields::text(m_document->questionnaire(), "version"))));
        return;
    }
    const json& current = m_document->questionnaire();
    const cf::TemplateDiff diff = cf::diffTemplates(*m_baseline, current);
    const auto check = cf::checkPublish(&*m_baseline, current, m_lintErrors);
    for (const auto& change : diff.changes) {
        const int row = m_diff->rowCount();
        m_diff->insertRow(row);
        m_diff->setItem(row, 0, new QTableWidgetItem(change.linkId.empty() ? tr("(form)") : qs(change.linkId)));
        m_diff->setItem(row, 1, new QTableWidgetItem(qs(change.kind)));
        auto* incompatible = new QTableWidgetItem(change.incompatible ? tr("yes") : tr("no"));
        if (change.incompatible)
            incompatible->setForeground(QColor(0xb0, 0x00, 0x20));
        m_diff->setItem(row, 2, incompatible);
        auto* message = new QTableWidgetItem(qs(change.message));
        message->setToolTip(QStringLiteral("%1 → %2").arg(qs(change.before), qs(change.after)));
        m_diff->setItem(row, 3, message);
    }
    m_diff->resizeColumnsToContents();
    m_diff->horizontalHeader()->setSectionResizeMode(3, QHeaderView::Stretch);
    // Impact on the mappings of the compared version (the shipped ones, or those being edited).
    std::vector<core::mapping::EprMapping> mappings;
    std::map<std::string, json> sources = m_baselineMappings.empty() ? m_document->state().mappings : m_baselineMappings;
    for (const auto& [epr, document] : sources) {
        auto catalogue = readResource(QStringLiteral(":/epr/%1.json").arg(qs(epr).toLower()));
        std::optional<core::mapping::NativeCatalogue> parsedCatalogue;
        if (catalogue)
            if (auto c = core::mapping::parseCatalogue(*catalogue, epr); c.ok())
                parsedCatalogue = *c;
        json doc = document;
        if (m_baselineMappings.empty()) {
            doc["template"]["version"] = fields::text(*m_baseline, "version", "0.1.0");
            doc["template"]["fits"] = "~" + doc["template"]["version"].get<std::string>();
        }
        if (auto parsed = core::mapping::parseMapping(doc, epr, parsedCatalogue ? &*parsedCatalogue : nullptr); parsed.ok())
            mappings.push_back(*parsed);
    }
    auto from = core::mapping::readTemplate(*m_baseline, "compared");
    auto to = core::mapping::readTemplate(current, "current");
    int breaking = 0;
    if (from.ok() && to.ok()) {
        auto impact = core::mapping::assessImpact(*from, *to, mappings);
        // The metrics of the library that read the template's items (docs/metrics.md).
        if (auto library = core::metrics::MetricLibrary::builtin(); library) {
            for (auto& finding : core::metrics::metricImpact(*from, *to, library->latest()))
                impact.findings.push_back(std::move(finding));
        }
        breaking = impact.count("breaking");
        for (const auto& finding : impact.findings) {
            const int row = m_impact->rowCount();
            m_impact->insertRow(row);
            auto* severity = new QTableWidgetItem(qs(finding.severity));
            severity->setForeground(finding.severity == "breaking" ? QColor(0xb0, 0x00, 0x20) : QColor(0x8a, 0x5a, 0x00));
            m_impact->setItem(row, 0, severity);
            const bool metric = finding.kind.rfind("metric", 0) == 0;
            m_impact->setItem(row, 1, new QTableWidgetItem(metric ? qs(finding.mapping)
                                                           : finding.epr.empty() ? tr("report codes") : qs(finding.epr)));
            m_impact->setItem(row, 2, new QTableWidgetItem(qs(finding.linkId)));
            m_impact->setItem(row, 3, new QTableWidgetItem(qs(finding.kind)));
            m_impact->setItem(row, 4, new QTableWidgetItem(qs(finding.message)));
        }
        m_impact->resizeColumnsToContents();
        m_impact->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    }
    QString summary = tr("Compared with %1: %n change(s), needs a %2 version; %3 breaking mapping or report finding(s).", nullptr,
                         static_cast<int>(diff.changes.size()))
                          .arg(qs(fields::text(*m_baseline, "version")),
                               QString::fromLatin1(cf::versionBumpName(check.required)))
                          .arg(breaking);
    summary += check.allowed ? tr(" Version %1 may be published.").arg(qs(fields::text(current, "version")))
                             : QStringLiteral(" ") + qs(check.reasons.empty() ? std::string() : check.reasons.front());
    m_versionSummary->setText(summary);
}

void DesignerWindow::moveStage(int stage)
{
    const auto to = static_cast<cf::WorkflowStage>(stage);
    DesignState state = m_document->state();
    if (core::Status status = cf::moveToStage(state.questionnaire, to); !status)
        return showMessage(qs(status.message()), true);
    if (to == cf::WorkflowStage::Active && m_lintErrors > 0)
        return showMessage(tr("Fix the lint errors before the template becomes active."), true);
    const json updated = state.questionnaire;
    (void)m_document->edit(tr("Move to %1").arg(QString::fromLatin1(cf::workflowStageName(to))), [&](cf::TemplateEditor& e) {
        if (auto s = e.setRoot("status", updated["status"]); !s)
            return s;
        return e.setRoot("extension", fields::member(updated, "extension"));
    });
}

forms::FormView* DesignerWindow::preview() const { return m_preview.data(); }

MappingEditor* DesignerWindow::mappingEditor(const QString& epr) const
{
    const auto found = m_mappings.find(epr);
    return found == m_mappings.end() ? nullptr : found->second;
}

void DesignerWindow::showMessage(const QString& text, bool problem)
{
    m_status->setText(text);
    m_status->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

QString DesignerWindow::publishRefusal(const json& questionnaire, const std::optional<json>& published,
                                       const std::map<std::string, json>& mappings)
{
    // Approval first: it is the one a change manager most often has still to do, and nothing about
    // the hub matters until it is done.
    if (fields::text(questionnaire, "status") != "active")
        return QObject::tr("Not published: the template is not approved yet. Send it for review and approve it "
                           "(Versions and impact); clinicians only receive active templates. Nothing was sent.");
    auto q = cf::Questionnaire::fromJson(questionnaire);
    if (!q)
        return QObject::tr("Not published: the template cannot be read: %1").arg(qs(q.message()));
    const auto findings = cf::QuestionnaireLinter(*q).run();
    const int errors = static_cast<int>(std::count_if(findings.begin(), findings.end(), [](const cf::LintFinding& f) {
        return f.severity == cf::Severity::Error;
    }));
    const auto check = cf::checkPublish(published ? &*published : nullptr, questionnaire, errors);
    if (!check.allowed)
        return QObject::tr("Not published: %1").arg(qs(check.reasons.empty() ? std::string() : check.reasons.front()));
    // An instrument's item the alert rules read must be in the form that holds the instrument.
    const auto gaps = core::usecases::scoreRuleGapsToday(*q);
    if (!gaps)
        return QObject::tr("Not published: the alert rules could not be read: %1").arg(qs(gaps.message()));
    if (!gaps->empty())
        return QObject::tr("Not published: %1 Nothing was sent.").arg(qs(gaps->front().message));
    // Every mapping sent beside the template must be for it: same url, a `fits` range that holds
    // this version. Checked before anything is sent, so a refusal publishes nothing.
    const auto templateVersion = core::mapping::SemVer::parse(fields::text(questionnaire, "version"));
    for (const auto& [epr, document] : mappings) {
        if (!document.is_object())
            continue;
        const json& pinned = fields::object(document, "template");
        const auto range = core::mapping::VersionRange::parse(fields::text(pinned, "fits"));
        if (fields::text(pinned, "url") != fields::text(questionnaire, "url") || !templateVersion || !range ||
            !range->contains(*templateVersion))
            return QObject::tr("Not published: the %1 mapping is for %2 %3, not for this version (%4). "
                               "Make a new version of the mapping for this template first.")
                .arg(qs(epr), qs(fields::text(pinned, "url")), qs(fields::text(pinned, "fits")),
                     qs(fields::text(questionnaire, "version")));
    }
    return {};
}

PublishOutcome DesignerWindow::publishNow(const json& questionnaire, const std::optional<json>& published,
                                          const PublishTarget& target, const std::map<std::string, json>& mappings)
{
    PublishOutcome outcome;
    if (QString refusal = publishRefusal(questionnaire, published, mappings); !refusal.isEmpty()) {
        outcome.message = refusal;
        return outcome;
    }
    const QString kept = QObject::tr("Nothing was published and your template is kept.");
    const QString unreachable = QObject::tr("The hub at %1 cannot be reached.").arg(target.baseUrl) + QLatin1Char(' ') + kept;
    core::sync::SyncConfig config;
    config.baseUrl = ss(target.baseUrl);
    config.retry.maxAttempts = 3;
    auto client = core::sync::FhirClient::connect(config.baseUrl, config, core::sync::systemClock(), core::sync::systemRandom());
    if (!client) {
        outcome.message = QObject::tr("The hub address %1 cannot be used: %2.").arg(target.baseUrl, qs(client.message())) +
                          QLatin1Char(' ') + kept;
        return outcome;
    }
    // Whether the hub answers at all, before signing in: a refused connection is not a wrong password.
    // Any answer (even an error status) means it is there.
    if (auto probe = (*client)->sendOnce("GET", "metadata", nullptr); !probe) {
        outcome.message = probe.code() == core::ErrorCode::CryptoFailure
                              ? QObject::tr("The hub at %1 refused a secure connection: %2.").arg(target.baseUrl, qs(probe.message())) +
                                    QLatin1Char(' ') + kept
                              : unreachable;
        return outcome;
    }
    if (!target.username.isEmpty()) {
        auto login = (*client)->login(ss(target.username), ss(target.password));
        if (!login) {
            outcome.message = (login.code() == core::ErrorCode::WrongPassphrase
                                   ? QObject::tr("Sign-in failed: the hub refused the user name or password.")
                                   : QObject::tr("Sign-in failed: %1").arg(qs(login.message()))) +
                              QLatin1Char(' ') + kept;
            return outcome;
        }
        if (login->role != "change_manager" && login->role != "administrator") {
            outcome.message = QObject::tr("Only a change manager can publish templates (you are signed in as %1).")
                                  .arg(qs(login->role)) + QLatin1Char(' ') + kept;
            return outcome;
        }
        (*client)->setTokens(login->accessToken, login->refreshToken);
    }
    // Each version is its own resource, so drafts pinned to url|version keep finding theirs. The
    // identifier makes a retried publish idempotent (conditional create).
    json resource = questionnaire;
    resource.erase("id");
    resource.erase("meta");
    const std::string canonical = fields::text(resource, "url") + "|" + fields::text(resource, "version");
    json identifiers = fields::array(resource, "identifier");
    bool hasIdentifier = false;
    for (const json& identifier : identifiers)
        hasIdentifier = hasIdentifier || fields::text(identifier, "system") == kPublishedIdentifier;
    if (!hasIdentifier)
        identifiers.push_back(json{{"system", kPublishedIdentifier}, {"value", canonical}});
    resource["identifier"] = identifiers;
    auto response = (*client)->send("POST", "Questionnaire", &resource,
                                    {{"If-None-Exist", std::string("identifier=") + kPublishedIdentifier + "|" + canonical}});
    if (!response) {
        // The hub stopped answering while the template was on its way: publishing again is safe,
        // the conditional create never makes a second copy.
        outcome.message = QObject::tr("The hub at %1 stopped answering while publishing (%2). Your template is kept; "
                                      "publish again to be sure it arrived (the hub keeps one copy).")
                              .arg(target.baseUrl, qs(response.message()));
        return outcome;
    }
    if (!response->success()) {
        outcome.message = response->status == 403
                              ? QObject::tr("The hub refused: only a change manager can publish templates.")
                              : QObject::tr("The hub refused the template: %1").arg(qs(response->reason()));
        return outcome;
    }
    if (response->status == 200 && response->body.is_object()) {
        json stored = response->body;
        for (const char* key : {"id", "meta", "identifier"}) {
            stored.erase(key);
        }
        json mine = resource;
        mine.erase("identifier");
        if (stored != mine) {
            outcome.message = QObject::tr("Version %1 is already published with different content; publish a new version.")
                                  .arg(qs(fields::text(resource, "version")));
            return outcome;
        }
    }
    outcome.resourceId = response->body.is_object() ? qs(fields::text(response->body, "id")) : QString();
    // The mapping documents beside the template, after it: the hub checks each against the template
    // it now holds and against its EPR catalogue. Versions are immutable there (409 on other content).
    for (const auto& [epr, document] : mappings) {
        if (!document.is_object())
            continue;
        auto sent = (*client)->send("POST", "mappings", &document);
        if (!sent || !sent->success()) {
            const QString why = !sent ? qs(sent.message())
                                      : qs(sent->reason()) + (sent->status == 403 ? QObject::tr(" (only a change manager can publish mappings)")
                                                                                   : QString());
            outcome.message = QObject::tr("Published the template, but the hub refused the %1 mapping: %2")
                                  .arg(qs(epr), why);
            return outcome;
        }
        outcome.mappings << qs(fields::text(document, "id") + "@" + fields::text(document, "version"));
    }
    outcome.ok = true;
    outcome.message = QObject::tr("Published %1 %2 and %n EPR mapping(s). Clinicians receive it on their next sync; "
                                  "drafts started on an earlier version stay on that version.",
                                  nullptr, static_cast<int>(outcome.mappings.size()))
                          .arg(qs(fields::text(resource, "title")), qs(fields::text(resource, "version")));
    return outcome;
}

std::optional<json> DesignerWindow::publishedBaseline() const
{
    return m_baseline && fields::text(*m_baseline, "status") == "active" ? m_baseline : std::optional<json>();
}

void DesignerWindow::requestPublish()
{
    // Everything that can be checked here is checked before anything is asked.
    const QString refusal = publishRefusal(m_document->questionnaire(), publishedBaseline(), m_document->state().mappings);
    if (!refusal.isEmpty()) {
        showMessage(refusal, true);
        return;
    }
    const std::optional<PublishTarget> target = m_publishPrompt ? m_publishPrompt() : askPublishTarget();
    if (!target)
        return;
    m_lastHubAddress = target->baseUrl;
    showMessage(tr("Publishing to %1…").arg(target->baseUrl));
    publish(*target, {});
}

std::optional<PublishTarget> DesignerWindow::askPublishTarget()
{
    QDialog dialog(this);
    dialog.setObjectName(QStringLiteral("publishDialog"));
    dialog.setWindowTitle(tr("Publish to the hub"));
    auto* layout = new QVBoxLayout(&dialog);
    const json& q = m_document->questionnaire();
    auto* intro = new QLabel(tr("Publish %1 %2. Only a change manager can publish; the hub checks the sign-in.")
                                 .arg(qs(fields::text(q, "title")).toHtmlEscaped(), qs(fields::text(q, "version")).toHtmlEscaped()),
                             &dialog);
    intro->setWordWrap(true);
    layout->addWidget(intro);
    auto* form = new QFormLayout;
    auto* address = new QLineEdit(m_lastHubAddress.isEmpty() ? QStringLiteral("http://127.0.0.1:8080") : m_lastHubAddress, &dialog);
    address->setObjectName(QStringLiteral("hubAddress"));
    auto* user = new QLineEdit(&dialog);
    user->setObjectName(QStringLiteral("hubUser"));
    auto* password = new QLineEdit(&dialog);
    password->setObjectName(QStringLiteral("hubPassword"));
    password->setEchoMode(QLineEdit::Password);
    form->addRow(tr("Hub address"), address);
    form->addRow(tr("Change manager user name"), user);
    form->addRow(tr("Password"), password);
    layout->addLayout(form);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Publish"));
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    if (dialog.exec() != QDialog::Accepted)
        return std::nullopt;
    return PublishTarget{address->text().trimmed(), user->text().trimmed(), password->text()};
}

void DesignerWindow::publish(const PublishTarget& target, std::function<void(PublishOutcome)> done)
{
    const json questionnaire = m_document->questionnaire();
    const std::map<std::string, json> mappings = m_document->state().mappings;
    const std::optional<json> published = publishedBaseline();
    auto* watcher = new QFutureWatcher<PublishOutcome>(this);
    connect(watcher, &QFutureWatcher<PublishOutcome>::finished, this, [this, watcher, done = std::move(done), questionnaire] {
        const PublishOutcome outcome = watcher->result();
        watcher->deleteLater();
        if (outcome.ok)
            setBaseline(questionnaire); // the next version is compared with what is now published
        showMessage(outcome.message, !outcome.ok);
        if (done)
            done(outcome);
    });
    watcher->setFuture(QtConcurrent::run([questionnaire, published, target, mappings] {
        return publishNow(questionnaire, published, target, mappings);
    }));
}

} // namespace avocet::ui::designer

#include "ui/designer/DesignerWindow.h"
#include "ui/EmbeddedResource.h"

#include <QCheckBox>
#include <QDir>
#include <QDockWidget>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTimer>
#include <QToolBar>
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
#include "core/sync/FhirClient.h"
#include "ui/designer/DesignerDocument.h"
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
    const std::string url = questionnaire.value("url", std::string());
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

DesignerWindow::DesignerWindow(QWidget* parent) : QMainWindow(parent), m_document(new DesignerDocument(this))
{
    setWindowTitle(tr("Template designer"));
    setObjectName(QStringLiteral("designerWindow"));
    buildUi();
    buildActions();
    connect(m_document, &DesignerDocument::changed, this, &DesignerWindow::documentChanged);
    newTemplate();
    resize(1500, 900);
}

DesignerWindow::~DesignerWindow() = default;

void DesignerWindow::buildUi()
{
    auto* split = new QSplitter(Qt::Horizontal, this);
    auto* left = new QWidget(split);
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(4, 4, 4, 4);
    leftLayout->addWidget(new QLabel(tr("<b>Items</b> — drag to reorder or nest"), left));
    auto* tree = new ItemTree(left);
    m_tree = tree;
    m_tree->setObjectName(QStringLiteral("designerTree"));
    m_tree->setHeaderLabels({tr("Item"), tr("Type")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    tree->onDrop = [this](const QString& id, const QString& parent, int index) { treeDropped(id, parent, index); };
    leftLayout->addWidget(m_tree, 3);
    leftLayout->addWidget(new QLabel(tr("<b>Field library</b> — reviewed blocks; double-click to add"), left));
    m_library = new QListWidget(left);
    m_library->setObjectName(QStringLiteral("fieldLibrary"));
    for (const QString& id : libraryBlocks())
        if (auto block = readResource(QStringLiteral(":/library/%1.json").arg(id))) {
            auto* entry = new QListWidgetItem(qs(block->value("title", ss(id))), m_library);
            entry->setData(Qt::UserRole, id);
            entry->setToolTip(qs(block->value("description", std::string())) + QStringLiteral("\n") +
                              tr("Reviewed: %1, %2").arg(qs((*block)["reviewed"].value("by", std::string())),
                                                         qs((*block)["reviewed"].value("date", std::string()))));
        }
    leftLayout->addWidget(m_library, 1);

    auto* propertyScroll = new QScrollArea(split);
    propertyScroll->setWidgetResizable(true);
    m_properties = new PropertyPanel(*m_document, propertyScroll);
    propertyScroll->setWidget(m_properties);

    m_tabs = new QTabWidget(split);
    m_previewHost = new QWidget(m_tabs);
    m_previewLayout = new QVBoxLayout(m_previewHost);
    m_fill = new QCheckBox(tr("Fill as a clinician (answers are kept while you edit; scores are calculated)"), m_previewHost);
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
    auto* versions = new QWidget(m_tabs);
    auto* versionLayout = new QVBoxLayout(versions);
    auto* versionRow = new QHBoxLayout;
    versionRow->addWidget(new QLabel(tr("Version"), versions));
    m_version = new QLineEdit(versions);
    m_version->setObjectName(QStringLiteral("version"));
    versionRow->addWidget(m_version);
    auto* suggest = new QPushButton(tr("Use suggested version"), versions);
    versionRow->addWidget(suggest);
    m_stage = new QLabel(versions);
    versionRow->addWidget(m_stage, 1);
    versionLayout->addLayout(versionRow);
    auto* stageRow = new QHBoxLayout;
    const std::pair<QString, cf::WorkflowStage> stages[] = {{tr("Send for review"), cf::WorkflowStage::InReview},
                                                            {tr("Back to draft"), cf::WorkflowStage::Draft},
                                                            {tr("Approve (active)"), cf::WorkflowStage::Active},
                                                            {tr("Retire"), cf::WorkflowStage::Retired}};
    for (const auto& [label, stage] : stages) {
        auto* button = new QPushButton(label, versions);
        connect(button, &QPushButton::clicked, this, [this, stage = stage] { moveStage(static_cast<int>(stage)); });
        stageRow->addWidget(button);
    }
    auto* compare = new QPushButton(tr("Compare with a file…"), versions);
    stageRow->addStretch();
    stageRow->addWidget(compare);
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
    m_tabs->addTab(versions, tr("Versions and impact"));
    split->addWidget(left);
    split->addWidget(propertyScroll);
    split->addWidget(m_tabs);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 5);
    // Wide enough for the panel's own minimum (its rows of buttons and check boxes), so nothing is
    // cut off at the right; a horizontal bar only if the window itself is too narrow.
    propertyScroll->setMinimumWidth(std::max(470, m_properties->minimumSizeHint().width() +
                                                      propertyScroll->verticalScrollBar()->sizeHint().width() +
                                                      2 * propertyScroll->frameWidth()));
    propertyScroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAsNeeded);
    split->setSizes({280, 500, 720});
    setCentralWidget(split);

    auto* lintDock = new QDockWidget(tr("Lint"), this);
    lintDock->setObjectName(QStringLiteral("lintDock"));
    m_lint = new QListWidget(lintDock);
    m_lint->setObjectName(QStringLiteral("lintList"));
    lintDock->setWidget(m_lint);
    addDockWidget(Qt::BottomDockWidgetArea, lintDock);
    resizeDocks({lintDock}, {120}, Qt::Vertical); // the form and its preview need the height
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("designerStatus"));
    statusBar()->addWidget(m_status, 1);

    m_previewTimer = new QTimer(this);
    m_previewTimer->setSingleShot(true);
    m_previewTimer->setInterval(250);
    connect(m_previewTimer, &QTimer::timeout, this, &DesignerWindow::rebuildPreviewNow);
    connect(m_fill, &QCheckBox::toggled, this, &DesignerWindow::rebuildPreviewNow);
    connect(m_tree, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* current) {
        if (!m_rebuildingTree)
            m_properties->showItem(current ? ss(current->data(0, kLinkIdRole).toString()) : std::string());
    });
    connect(m_properties, &PropertyPanel::linkIdRenamed, this, &DesignerWindow::selectItem);
    connect(m_properties, &PropertyPanel::problem, this, [this](const QString& text) { showMessage(text, true); });
    connect(m_lint, &QListWidget::itemActivated, this, [this](QListWidgetItem* entry) {
        if (!entry->data(Qt::UserRole).toString().isEmpty())
            selectItem(entry->data(Qt::UserRole).toString());
    });
    connect(m_lint, &QListWidget::itemClicked, this, [this](QListWidgetItem* entry) {
        if (!entry->data(Qt::UserRole).toString().isEmpty())
            selectItem(entry->data(Qt::UserRole).toString());
    });
    connect(m_library, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* entry) { insertLibraryBlock(entry->data(Qt::UserRole).toString()); });
    connect(m_version, &QLineEdit::editingFinished, this, [this] {
        const std::string version = ss(m_version->text().trimmed());
        (void)m_document->edit(tr("Set version"), [version](cf::TemplateEditor& e) { return e.setRoot("version", version); });
    });
    connect(suggest, &QPushButton::clicked, this, [this] {
        if (!m_baseline)
            return;
        const auto check = cf::checkPublish(&*m_baseline, m_document->questionnaire(), m_lintErrors);
        const std::string version = check.suggestedVersion;
        (void)m_document->edit(tr("Set version"), [version](cf::TemplateEditor& e) { return e.setRoot("version", version); });
    });
    connect(compare, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Compare with"), {}, tr("FHIR JSON (*.json)"));
        if (path.isEmpty())
            return;
        auto loaded = cf::readTemplateFile(ss(path));
        if (!loaded)
            return showMessage(qs(loaded.message()), true);
        setBaseline(*loaded);
    });
}

void DesignerWindow::buildActions()
{
    auto* file = menuBar()->addMenu(tr("&Template"));
    auto* toolbar = addToolBar(tr("Designer"));
    toolbar->setObjectName(QStringLiteral("designerToolbar"));
    auto add = [&](const QString& text, const QKeySequence& key, auto slot) {
        auto* action = new QAction(text, this);
        if (!key.isEmpty())
            action->setShortcut(key);
        connect(action, &QAction::triggered, this, slot);
        file->addAction(action);
        toolbar->addAction(action);
        return action;
    };
    add(tr("New"), QKeySequence::New, [this] { newTemplate(); });
    add(tr("Import…"), QKeySequence::Open, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Import FHIR Questionnaire"), {}, tr("FHIR JSON (*.json)"));
        QString error;
        if (!path.isEmpty() && !importFile(path, &error))
            QMessageBox::warning(this, tr("Cannot import"), error);
    });
    add(tr("Export…"), QKeySequence::SaveAs, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export FHIR Questionnaire"), {}, tr("FHIR JSON (*.json)"));
        QString error;
        if (!path.isEmpty() && !exportFile(path, &error))
            QMessageBox::warning(this, tr("Cannot export"), error);
    });
    toolbar->addSeparator();
    QAction* undo = m_document->undoStack()->createUndoAction(this, tr("Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_document->undoStack()->createRedoAction(this, tr("Redo"));
    redo->setShortcut(QKeySequence::Redo);
    auto* edit = menuBar()->addMenu(tr("&Edit"));
    edit->addAction(undo);
    edit->addAction(redo);
    toolbar->addAction(undo);
    toolbar->addAction(redo);
    toolbar->addSeparator();
    auto* addMenu = new QMenu(tr("Add item"), this);
    // FHIR item type codes; the menu shows them through tr() (the code itself is what is added).
    for (const char* type : {QT_TR_NOOP("group"), QT_TR_NOOP("display"), QT_TR_NOOP("boolean"), QT_TR_NOOP("choice"),
                             QT_TR_NOOP("open-choice"), QT_TR_NOOP("integer"), QT_TR_NOOP("decimal"), QT_TR_NOOP("date"),
                             QT_TR_NOOP("dateTime"), QT_TR_NOOP("time"), QT_TR_NOOP("string"), QT_TR_NOOP("text"),
                             QT_TR_NOOP("quantity")})
        addMenu->addAction(tr(type), this, [this, type] { addItem(QString::fromLatin1(type)); });
    auto* addAction = toolbar->addAction(tr("Add item"));
    addAction->setMenu(addMenu);
    connect(addAction, &QAction::triggered, this, [this] { addItem(QStringLiteral("string")); });
    edit->addMenu(addMenu);
    auto* remove = toolbar->addAction(tr("Delete item"));
    remove->setShortcut(QKeySequence::Delete);
    connect(remove, &QAction::triggered, this, [this] {
        const std::string id = ss(selectedLinkId());
        if (!id.empty())
            (void)m_document->edit(tr("Delete %1").arg(qs(id)), [id](cf::TemplateEditor& e) { return e.removeItem(id); });
    });
    edit->addAction(remove);
    toolbar->addSeparator();
    auto* publishAction = toolbar->addAction(tr("Publish…"));
    file->addAction(publishAction);
    connect(publishAction, &QAction::triggered, this, [this] {
        PublishTarget target;
        bool ok = false;
        target.baseUrl = QInputDialog::getText(this, tr("Publish"), tr("Hub address"), QLineEdit::Normal,
                                               QStringLiteral("http://127.0.0.1:8080"), &ok);
        if (!ok)
            return;
        target.username = QInputDialog::getText(this, tr("Publish"), tr("Change manager user name"), QLineEdit::Normal, {}, &ok);
        if (!ok)
            return;
        target.password = QInputDialog::getText(this, tr("Publish"), tr("Password"), QLineEdit::Password, {}, &ok);
        if (!ok)
            return;
        publish(target, [this](PublishOutcome outcome) { showMessage(outcome.message, !outcome.ok); });
    });
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
    state.questionnaire = cf::TemplateEditor::blankTemplate("https://fhir.avocet.example/Questionnaire/new-template",
                                                            "New template");
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
                                 .arg(qs(templateId(q)), qs(q.value("version", std::string())), QString::fromLatin1(epr).toLower());
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
        if (!selected || selected->value("type", std::string()) != "group")
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
    if (!block || !block->contains("items"))
        return false;
    // Blocks keep their reviewed linkIds; a clash is refused rather than renamed, so reports and
    // mappings that know the block's linkIds keep working.
    const json items = (*block)["items"];
    const core::Status status = m_document->edit(tr("Add %1 from the library").arg(qs(block->value("title", ss(id)))),
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
        selectItem(qs(items[0].value("linkId", std::string())));
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
    m_version->setText(qs(q.value("version", std::string())));
    m_stage->setText(tr("Stage: <b>%1</b>").arg(QString::fromLatin1(cf::workflowStageName(cf::workflowStageOf(q)))));
    setWindowTitle(tr("Template designer — %1 %2").arg(qs(q.value("title", std::string())), qs(q.value("version", std::string()))));
    refreshVersions();
    m_previewTimer->start();
}

void DesignerWindow::rebuildTree()
{
    m_rebuildingTree = true;
    m_tree->clear();
    const json& q = m_document->questionnaire();
    if (q.contains("item"))
        addTreeItems(q["item"], nullptr);
    m_tree->expandAll();
    m_rebuildingTree = false;
}

void DesignerWindow::addTreeItems(const json& items, QTreeWidgetItem* parent)
{
    for (const json& item : items) {
        if (!item.is_object())
            continue;
        const QString id = qs(item.value("linkId", std::string()));
        const QString type = qs(item.value("type", std::string()));
        auto* entry = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
        entry->setText(0, id);
        entry->setToolTip(0, qs(item.value("text", std::string())));
        entry->setText(1, type);
        entry->setData(0, kLinkIdRole, id);
        Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled;
        if (type == QStringLiteral("group"))
            flags |= Qt::ItemIsDropEnabled;
        entry->setFlags(flags);
        if (item.contains("item"))
            addTreeItems(item["item"], entry);
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
                                      .arg(qs(m_document->questionnaire().value("version", std::string()))));
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
            doc["template"]["version"] = m_baseline->value("version", std::string("0.1.0"));
            doc["template"]["fits"] = "~" + doc["template"]["version"].get<std::string>();
        }
        if (auto parsed = core::mapping::parseMapping(doc, epr, parsedCatalogue ? &*parsedCatalogue : nullptr); parsed.ok())
            mappings.push_back(*parsed);
    }
    auto from = core::mapping::readTemplate(*m_baseline, "compared");
    auto to = core::mapping::readTemplate(current, "current");
    int breaking = 0;
    if (from.ok() && to.ok()) {
        const auto impact = core::mapping::assessImpact(*from, *to, mappings);
        breaking = impact.count("breaking");
        for (const auto& finding : impact.findings) {
            const int row = m_impact->rowCount();
            m_impact->insertRow(row);
            auto* severity = new QTableWidgetItem(qs(finding.severity));
            severity->setForeground(finding.severity == "breaking" ? QColor(0xb0, 0x00, 0x20) : QColor(0x8a, 0x5a, 0x00));
            m_impact->setItem(row, 0, severity);
            m_impact->setItem(row, 1, new QTableWidgetItem(finding.epr.empty() ? tr("report codes") : qs(finding.epr)));
            m_impact->setItem(row, 2, new QTableWidgetItem(qs(finding.linkId)));
            m_impact->setItem(row, 3, new QTableWidgetItem(qs(finding.kind)));
            m_impact->setItem(row, 4, new QTableWidgetItem(qs(finding.message)));
        }
        m_impact->resizeColumnsToContents();
        m_impact->horizontalHeader()->setSectionResizeMode(4, QHeaderView::Stretch);
    }
    QString summary = tr("Compared with %1: %n change(s), needs a %2 version; %3 breaking mapping or report finding(s).", nullptr,
                         static_cast<int>(diff.changes.size()))
                          .arg(qs(m_baseline->value("version", std::string())),
                               QString::fromLatin1(cf::versionBumpName(check.required)))
                          .arg(breaking);
    summary += check.allowed ? tr(" Version %1 may be published.").arg(qs(current.value("version", std::string())))
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
        return e.setRoot("extension", updated.value("extension", json()));
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

PublishOutcome DesignerWindow::publishNow(const json& questionnaire, const std::optional<json>& published,
                                          const PublishTarget& target, const std::map<std::string, json>& mappings)
{
    PublishOutcome outcome;
    auto q = cf::Questionnaire::fromJson(questionnaire);
    if (!q) {
        outcome.message = QObject::tr("The template cannot be read: %1").arg(qs(q.message()));
        return outcome;
    }
    const auto findings = cf::QuestionnaireLinter(*q).run();
    const int errors = static_cast<int>(std::count_if(findings.begin(), findings.end(), [](const cf::LintFinding& f) {
        return f.severity == cf::Severity::Error;
    }));
    const auto check = cf::checkPublish(published ? &*published : nullptr, questionnaire, errors);
    if (!check.allowed) {
        outcome.message = QObject::tr("Not published: %1").arg(qs(check.reasons.front()));
        return outcome;
    }
    if (questionnaire.value("status", std::string()) != "active") {
        outcome.message = QObject::tr("Not published: approve the template (active) first; clinicians only receive active templates.");
        return outcome;
    }
    // Every mapping sent beside the template must be for it: same url, a `fits` range that holds
    // this version. Checked before anything is sent, so a refusal publishes nothing.
    const auto templateVersion = core::mapping::SemVer::parse(questionnaire.value("version", std::string()));
    for (const auto& [epr, document] : mappings) {
        if (!document.is_object())
            continue;
        const json pinned = document.value("template", json::object());
        const auto range = core::mapping::VersionRange::parse(pinned.value("fits", std::string()));
        if (pinned.value("url", std::string()) != questionnaire.value("url", std::string()) || !templateVersion || !range ||
            !range->contains(*templateVersion)) {
            outcome.message = QObject::tr("Not published: the %1 mapping is for %2 %3, not for this version (%4). "
                                          "Make a new version of the mapping for this template first.")
                                  .arg(qs(epr), qs(pinned.value("url", std::string())),
                                       qs(pinned.value("fits", std::string())),
                                       qs(questionnaire.value("version", std::string())));
            return outcome;
        }
    }
    core::sync::SyncConfig config;
    config.baseUrl = ss(target.baseUrl);
    config.retry.maxAttempts = 3;
    auto client = core::sync::FhirClient::connect(config.baseUrl, config, core::sync::systemClock(), core::sync::systemRandom());
    if (!client) {
        outcome.message = QObject::tr("Cannot reach the hub: %1").arg(qs(client.message()));
        return outcome;
    }
    if (!target.username.isEmpty()) {
        auto login = (*client)->login(ss(target.username), ss(target.password));
        if (!login) {
            outcome.message = QObject::tr("Sign-in failed: %1").arg(qs(login.message()));
            return outcome;
        }
        if (login->role != "change_manager" && login->role != "administrator") {
            outcome.message = QObject::tr("Only a change manager can publish templates (you are signed in as %1).")
                                  .arg(qs(login->role));
            return outcome;
        }
        (*client)->setTokens(login->accessToken, login->refreshToken);
    }
    // Each version is its own resource, so drafts pinned to url|version keep finding theirs. The
    // identifier makes a retried publish idempotent (conditional create).
    json resource = questionnaire;
    resource.erase("id");
    resource.erase("meta");
    const std::string canonical = resource.value("url", std::string()) + "|" + resource.value("version", std::string());
    json identifiers = resource.value("identifier", json::array());
    bool hasIdentifier = false;
    for (const json& identifier : identifiers)
        hasIdentifier = hasIdentifier || identifier.value("system", std::string()) == kPublishedIdentifier;
    if (!hasIdentifier)
        identifiers.push_back(json{{"system", kPublishedIdentifier}, {"value", canonical}});
    resource["identifier"] = identifiers;
    auto response = (*client)->send("POST", "Questionnaire", &resource,
                                    {{"If-None-Exist", std::string("identifier=") + kPublishedIdentifier + "|" + canonical}});
    if (!response) {
        outcome.message = QObject::tr("Publishing failed: %1").arg(qs(response.message()));
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
                                  .arg(qs(resource.value("version", std::string())));
            return outcome;
        }
    }
    outcome.resourceId = response->body.is_object() ? qs(response->body.value("id", std::string())) : QString();
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
        outcome.mappings << qs(document.value("id", std::string()) + "@" + document.value("version", std::string()));
    }
    outcome.ok = true;
    outcome.message = QObject::tr("Published %1 %2 and %n EPR mapping(s). Clinicians receive it on their next sync; "
                                  "drafts started on an earlier version stay on that version.",
                                  nullptr, static_cast<int>(outcome.mappings.size()))
                          .arg(qs(resource.value("title", std::string())), qs(resource.value("version", std::string())));
    return outcome;
}

void DesignerWindow::publish(const PublishTarget& target, std::function<void(PublishOutcome)> done)
{
    const json questionnaire = m_document->questionnaire();
    const std::map<std::string, json> mappings = m_document->state().mappings;
    const std::optional<json> published = m_baseline && m_baseline->value("status", std::string()) == "active"
                                              ? m_baseline
                                              : std::optional<json>();
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

#include "ui/forms/FormWindow.h"

#include <QDir>
#include <QFile>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QSplitter>
#include <QVBoxLayout>

#include "core/forms/DraftStore.h"
#include "core/forms/FormSession.h"
#include "core/forms/Questionnaire.h"
#include "ui/ErrorText.h"
#include "ui/UiLog.h"
#include "ui/forms/FormDrafts.h"
#include "ui/forms/FormView.h"

namespace avocet::ui::forms {

namespace {

constexpr int kKindRole = Qt::UserRole + 1; // "draft" or "template"
constexpr int kRefRole = Qt::UserRole + 2;  // draft id or resource path

QString qs(const std::string& s) { return QString::fromStdString(s); }

} // namespace

FormWindow::FormWindow(FormDrafts& drafts, const QString& patientId, const QString& patientLabel, QWidget* parent)
    : QWidget(parent, Qt::Window), m_drafts(drafts), m_patientId(patientId)
{
    setObjectName(QStringLiteral("formWindow"));
    setWindowTitle(tr("Forms — %1").arg(patientLabel));
    setAttribute(Qt::WA_DeleteOnClose);

    auto* splitter = new QSplitter(this);
    auto* side = new QWidget(splitter);
    auto* sideLayout = new QVBoxLayout(side);
    auto* heading = new QLabel(tr("Continue a draft or start a form"), side);
    heading->setObjectName(QStringLiteral("hint"));
    heading->setWordWrap(true);
    m_list = new QListWidget(side);
    m_list->setAccessibleName(tr("Forms for this patient"));
    sideLayout->addWidget(heading);
    sideLayout->addWidget(m_list, 1);
    splitter->addWidget(side);

    auto* formArea = new QWidget(splitter);
    m_formArea = new QVBoxLayout(formArea);
    m_formArea->setContentsMargins(0, 0, 0, 0);
    m_placeholder = new QLabel(tr("Choose a form on the left. Press Enter to open it."), formArea);
    m_placeholder->setObjectName(QStringLiteral("emptyState"));
    m_placeholder->setAlignment(Qt::AlignCenter);
    m_placeholder->setWordWrap(true);
    m_formArea->addWidget(m_placeholder);
    splitter->addWidget(formArea);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({260, 900});

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_list, &QListWidget::itemActivated, this, &FormWindow::openEntry);
    // Nothing about the patient stays on screen once the session locks.
    connect(&m_drafts.session(), &Session::locked, this, &QWidget::close);
    resize(1200, 800);
    reloadDrafts();
}

FormWindow::~FormWindow() { (void)saveNow(); }

bool FormWindow::saveNow() { return m_view && m_view->saveNow(); }

FormView* FormWindow::formView() const { return m_view.data(); }

QStringList FormWindow::builtInTemplates()
{
    QStringList paths;
    const QDir dir(QStringLiteral(":/templates"));
    for (const QString& name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name))
        paths << dir.filePath(name);
    return paths;
}

void FormWindow::reloadDrafts()
{
    m_drafts.listForPatient(m_patientId, this, [this](Reply<std::vector<core::forms::DraftSummary>> reply) {
        m_list->clear();
        if (!reply.ok())
            showMessage(ErrorText::general(reply.code, reply.message));
        for (const auto& draft : reply.value) {
            auto* entry = new QListWidgetItem(tr("Draft: %1 (saved %2)")
                                                  .arg(qs(draft.title.empty() ? draft.questionnaire : draft.title),
                                                       qs(draft.updatedAt).left(16).replace(QLatin1Char('T'), QLatin1Char(' '))),
                                              m_list);
            entry->setData(kKindRole, QStringLiteral("draft"));
            entry->setData(kRefRole, qs(draft.id));
        }
        for (const QString& path : builtInTemplates()) {
            QFile file(path); // an embedded resource, not a file on disk
            if (!file.open(QIODevice::ReadOnly))
                continue;
            const QByteArray text = file.readAll();
            auto q = core::forms::Questionnaire::fromText(std::string_view(text.constData(), std::size_t(text.size())));
            if (!q)
                continue;
            auto* entry = new QListWidgetItem(tr("New: %1 (version %2)").arg(qs(q->title()), qs(q->version())), m_list);
            entry->setData(kKindRole, QStringLiteral("template"));
            entry->setData(kRefRole, path);
        }
        if (m_list->count() > 0)
            m_list->setCurrentRow(0);
    });
}

void FormWindow::openEntry(QListWidgetItem* entry)
{
    if (!entry)
        return;
    if (entry->data(kKindRole).toString() == QLatin1String("draft"))
        openDraft(entry->data(kRefRole).toString());
    else
        openTemplate(entry->data(kRefRole).toString());
}

void FormWindow::openTemplate(const QString& resourcePath)
{
    QFile file(resourcePath);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QByteArray text = file.readAll();
    auto q = core::forms::Questionnaire::fromText(std::string_view(text.constData(), std::size_t(text.size())));
    if (!q) {
        showMessage(tr("This form could not be opened: %1").arg(qs(q.message())));
        return;
    }
    auto session = core::forms::FormSession::open(*q);
    if (!session) {
        showMessage(tr("This form could not be opened: %1").arg(qs(session.message())));
        return;
    }
    auto* view = new FormView(std::move(*session));
    view->attachDrafts(&m_drafts, qs(core::forms::DraftStore::newId()), m_patientId);
    showForm(view);
}

void FormWindow::openDraft(const QString& draftId)
{
    m_drafts.load(draftId, this, [this, draftId](Reply<std::optional<core::forms::Draft>> reply) {
        if (!reply.ok() || !reply.value) {
            showMessage(reply.ok() ? tr("That draft is no longer on this computer.")
                                   : ErrorText::general(reply.code, reply.message));
            return;
        }
        // The draft reopens on the template version it was started on, whatever is installed now.
        auto session = core::forms::DraftStore::restore(*reply.value);
        if (!session) {
            showMessage(tr("This draft could not be reopened: %1").arg(qs(session.message())));
            return;
        }
        auto* view = new FormView(std::move(*session));
        view->attachDrafts(&m_drafts, draftId, m_patientId);
        showForm(view);
    });
}

void FormWindow::showForm(FormView* view)
{
    if (m_view)
        delete m_view.data(); // saves its draft first
    m_placeholder->hide();
    m_view = view;
    m_formArea->addWidget(view);
    connect(view, &FormView::draftSaved, this, [this] {
        if (m_list->findItems(tr("Draft:"), Qt::MatchStartsWith).isEmpty())
            reloadDrafts();
    });
    view->setFocus();
}

void FormWindow::showMessage(const QString& text)
{
    m_placeholder->setText(text);
    m_placeholder->show();
}

} // namespace avocet::ui::forms

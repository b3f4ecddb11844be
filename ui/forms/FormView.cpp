#include "ui/forms/FormView.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QScrollBar>
#include <QStyle>
#include <QStackedWidget>
#include <QTabWidget>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>

#include "core/forms/DraftStore.h"
#include "core/forms/QuestionnaireResponseCodec.h"
#include "ui/UiLog.h"
#include "ui/forms/AnswerControl.h"
#include "ui/forms/AnswerText.h"
#include "ui/forms/FormDrafts.h"
#include "ui/forms/FormStyle.h"

namespace avocet::ui::forms {

using core::forms::FormSession;
using core::forms::ItemType;
using core::forms::QuestionnaireItem;
using nlohmann::json;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

bool isTable(const QuestionnaireItem& def) { return def.itemControl == "gtable" || def.itemControl == "table"; }

} // namespace

FormView::FormView(FormSession session, QWidget* parent) : QWidget(parent), m_session(std::move(session))
{
    setObjectName(QStringLiteral("formView"));
    setStyleSheet(formStyleSheet());
    const auto& q = m_session.questionnaire();

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);

    auto* header = new QFrame(this);
    header->setObjectName(QStringLiteral("formHeader"));
    auto* headerLayout = new QVBoxLayout(header);
    headerLayout->setContentsMargins(20, 12, 20, 12);
    auto* title = new QLabel(q.title().empty() ? tr("Untitled form") : qs(q.title()), header);
    title->setObjectName(QStringLiteral("formTitle"));
    title->setWordWrap(true);
    headerLayout->addWidget(title);
    QString about = q.version().empty() ? QString() : tr("Version %1 · ").arg(qs(q.version()));
    about += tr("Questions marked * must be answered. Your answers are saved as you go.");
    auto* aboutLabel = new QLabel(about, header);
    aboutLabel->setObjectName(QStringLiteral("hint"));
    aboutLabel->setWordWrap(true);
    headerLayout->addWidget(aboutLabel);
    // Scores stay in view while the questions scroll: every shown calculated item, live.
    m_scores = new QLabel(header);
    m_scores->setObjectName(QStringLiteral("scoreStrip"));
    m_scores->setWordWrap(true);
    m_scores->setFocusPolicy(Qt::TabFocus);
    m_scores->setVisible(false);
    headerLayout->addWidget(m_scores);
    layout->addWidget(header);

    m_scroll = new QScrollArea(this);
    m_scroll->setObjectName(QStringLiteral("formScroll"));
    m_scroll->setWidgetResizable(true);
    m_scroll->setFrameShape(QFrame::NoFrame);
    layout->addWidget(m_scroll, 1);

    auto* footer = new QFrame(this);
    footer->setObjectName(QStringLiteral("formFooter"));
    auto* footerLayout = new QHBoxLayout(footer);
    footerLayout->setContentsMargins(20, 10, 20, 10);
    m_summary = new QLabel(footer);
    m_summary->setObjectName(QStringLiteral("formSummary"));
    m_summary->setWordWrap(true);
    m_showProblems = new QPushButton(tr("Show what is needed"), footer);
    m_showProblems->setObjectName(QStringLiteral("showProblems"));
    m_saveStatus = new QLabel(footer);
    m_saveStatus->setObjectName(QStringLiteral("saveStatus"));
    m_complete = new QPushButton(tr("Mark complete"), footer);
    m_complete->setObjectName(QStringLiteral("primary"));
    m_complete->setAccessibleDescription(tr("Available when every required question is answered and nothing "
                                            "needs correcting."));
    footerLayout->addWidget(m_summary, 1);
    footerLayout->addWidget(m_showProblems);
    footerLayout->addSpacing(12);
    footerLayout->addWidget(m_saveStatus);
    footerLayout->addSpacing(12);
    footerLayout->addWidget(m_complete);
    layout->addWidget(footer);

    connect(m_showProblems, &QPushButton::clicked, this, &FormView::showAllIssues);
    connect(m_complete, &QPushButton::clicked, this, &FormView::markComplete);

    m_saveTimer = new QTimer(this);
    m_saveTimer->setSingleShot(true);
    connect(m_saveTimer, &QTimer::timeout, this, [this] { (void)saveNow(); });
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, [this] { (void)saveNow(); });

    // Answers already in the session (a restored draft, initial values) count as touched, so
    // their problems show straight away.
    for (const QuestionnaireItem* def : q.allItems()) {
        for (std::size_t i = 0, n = m_session.instanceCount(def->linkId); i < n; ++i) {
            if (def->isQuestion() && !def->isCalculated() && !m_session.answers(def->linkId, i).empty())
                m_touched.insert({def->linkId, i});
        }
    }
    build();
}

FormView::~FormView()
{
    // Closing the form (or the app) never loses what was typed: the queued save outlives the view.
    (void)saveNow();
}

void FormView::attachDrafts(FormDrafts* drafts, const QString& draftId, const QString& patientId)
{
    m_drafts = drafts;
    m_draftId = draftId;
    m_patientId = patientId;
    setSaveStatus(tr("Draft"));
}

// ------------------------------------------------------------------------------------------------
// Building the widgets

void FormView::build()
{
    const int scroll = m_scroll->verticalScrollBar()->value();
    const int page = m_pages ? m_pages->currentIndex() : 0;
    m_next.clear();
    m_widgets.clear();
    m_addButtons.clear();
    m_pages = nullptr;

    m_content = new QWidget;
    m_content->setObjectName(QStringLiteral("formContent"));
    auto* layout = new QVBoxLayout(m_content);
    layout->setContentsMargins(20, 16, 20, 24);
    layout->setSpacing(12);

    const auto& items = m_session.questionnaire().items();
    const bool paged = std::any_of(items.begin(), items.end(), [](const auto& i) { return i.itemControl == "page"; });
    if (paged) {
        auto* nav = new QHBoxLayout;
        m_previous = new QPushButton(tr("Previous page"), m_content);
        m_next_ = new QPushButton(tr("Next page"), m_content);
        m_previous->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageUp));
        m_next_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_PageDown));
        m_pageLabel = new QLabel(m_content);
        m_pageLabel->setObjectName(QStringLiteral("pageLabel"));
        nav->addWidget(m_previous);
        nav->addWidget(m_pageLabel, 1, Qt::AlignCenter);
        nav->addWidget(m_next_);
        m_pages = new QStackedWidget(m_content);
        for (const auto& def : items) {
            auto* pageWidget = new QWidget(m_pages);
            pageWidget->setProperty("pageTitle", itemTitle(def));
            auto* pageLayout = new QVBoxLayout(pageWidget);
            pageLayout->setContentsMargins(0, 0, 0, 0);
            addItem(def, pageLayout, pageWidget, 0);
            pageLayout->addStretch(1);
            m_pages->addWidget(pageWidget);
        }
        layout->addWidget(m_pages);
        layout->addLayout(nav);
        connect(m_previous, &QPushButton::clicked, this, [this] {
            m_pages->setCurrentIndex(std::max(0, m_pages->currentIndex() - 1));
            updatePageNav();
        });
        connect(m_next_, &QPushButton::clicked, this, [this] {
            m_pages->setCurrentIndex(std::min(m_pages->count() - 1, m_pages->currentIndex() + 1));
            updatePageNav();
        });
        m_pages->setCurrentIndex(std::min(page, m_pages->count() - 1));
        updatePageNav();
    } else {
        for (const auto& def : items)
            addItem(def, layout, m_content, 0);
    }
    layout->addStretch(1);

    QWidget* old = m_scroll->takeWidget();
    m_scroll->setWidget(m_content);
    if (old)
        old->deleteLater();
    for (auto* w : m_content->findChildren<FormItemWidget*>())
        m_widgets.emplace_back(w);
    for (const auto& w : m_widgets) {
        if (auto* question = qobject_cast<QuestionWidget*>(w.data()))
            question->showAnswers(m_session.answers(w->item().linkId, w->instance()));
    }
    refresh();
    QTimer::singleShot(0, this, [this, scroll] { m_scroll->verticalScrollBar()->setValue(scroll); });
}

void FormView::addItem(const QuestionnaireItem& def, QVBoxLayout* into, QWidget* parent, int depth)
{
    if (def.hidden)
        return; // questionnaire-hidden: still answered and calculated, never shown
    if (def.type == ItemType::Display && def.itemControl == "help")
        return; // shown by its parent's "?" button
    if (def.isGroup() && (def.repeats || isTable(def))) {
        addRepeating(def, into, parent, depth);
        return;
    }
    if (def.isGroup() && def.itemControl == "tab-container") {
        addTabs(def, into, parent, depth);
        return;
    }
    const std::size_t instance = nextInstance(def.linkId);
    if (def.isGroup()) {
        auto* group = new GroupWidget(def, instance, depth, parent);
        for (const auto& child : def.items)
            addItem(child, group->childLayout(), group, depth + 1);
        into->addWidget(group);
        return;
    }
    if (def.type == ItemType::Display) {
        into->addWidget(new DisplayItemWidget(def, instance, parent));
        return;
    }
    auto* question = addQuestion(def, instance, false, parent);
    into->addWidget(question);
    if (question->childLayout()) {
        for (const auto& child : def.items)
            addItem(child, question->childLayout(), question, depth + 1);
    }
}

QuestionWidget* FormView::addQuestion(const QuestionnaireItem& def, std::size_t instance, bool compact, QWidget* parent)
{
    auto* question = new QuestionWidget(def, instance, compact, parent);
    QPointer<QuestionWidget> guard(question);
    question->control()->onEdited = [this, guard](std::vector<json> answers) {
        if (guard)
            answerEdited(guard, std::move(answers));
    };
    return question;
}

std::size_t FormView::copiesUnderParent(const QuestionnaireItem& def)
{
    // Copies are numbered in document order, so the next unused one is the first copy inside the
    // outer copy being built; the engine says how many copies that outer copy holds.
    return m_session.siblingInstances(def.linkId, m_next[def.linkId]).count;
}

void FormView::addRepeating(const QuestionnaireItem& def, QVBoxLayout* into, QWidget* parent, int depth)
{
    auto* section = new QWidget(parent);
    section->setObjectName(QStringLiteral("repeatingSection"));
    section->setProperty("linkId", qs(def.linkId));
    auto* layout = new QVBoxLayout(section);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(6);
    const bool table = isTable(def);
    const QString name = itemTitle(def);

    if (table) {
        auto* title = new QLabel(name, section);
        title->setObjectName(depth == 0 ? QStringLiteral("sectionTitle") : QStringLiteral("subsectionTitle"));
        layout->addWidget(title);
        auto* header = new QHBoxLayout;
        for (const auto& child : def.items) {
            if (child.hidden || (child.type == ItemType::Display && child.itemControl == "help"))
                continue;
            QString text = itemTitle(child).toHtmlEscaped();
            if (child.required)
                text += QStringLiteral(" <span style=\"color:#d5281b\">*</span>");
            auto* column = new QLabel(text, section);
            column->setObjectName(QStringLiteral("columnTitle"));
            column->setWordWrap(true);
            header->addWidget(column, 1);
        }
        header->addSpacing(def.repeats ? 150 : 0);
        layout->addLayout(header);
    }

    const std::size_t copies = std::max<std::size_t>(copiesUnderParent(def), 1);
    for (std::size_t k = 0; k < copies; ++k) {
        const std::size_t instance = nextInstance(def.linkId);
        auto* group = new GroupWidget(def, instance, table ? depth + 1 : depth, section);
        if (table) {
            group->setObjectName(QStringLiteral("tableRow"));
            for (auto* title : group->findChildren<QLabel*>(QStringLiteral("subsectionTitle")))
                title->hide(); // the table's own title and column headers name the row
            auto* rowLayout = new QHBoxLayout;
            for (const auto& child : def.items) {
                if (child.hidden || (child.type == ItemType::Display && child.itemControl == "help"))
                    continue;
                const std::size_t childInstance = nextInstance(child.linkId);
                if (child.isQuestion()) {
                    auto* cell = addQuestion(child, childInstance, true, group);
                    cell->control()->describe(tr("%1, row %2").arg(itemTitle(child)).arg(k + 1), {});
                    rowLayout->addWidget(cell, 1, Qt::AlignTop);
                } else {
                    rowLayout->addWidget(new DisplayItemWidget(child, childInstance, group), 1, Qt::AlignTop);
                }
            }
            group->childLayout()->addLayout(rowLayout);
        } else {
            for (const auto& child : def.items)
                addItem(child, group->childLayout(), group, depth + 1);
        }
        if (def.repeats && copies > 1 && !def.readOnly) {
            QPushButton* remove = group->addRemoveButton(table ? tr("Remove row %1").arg(k + 1)
                                                               : tr("Remove this %1").arg(name.toLower()));
            if (table) { // beside the row's cells, not under them
                auto* rowLayout = static_cast<QHBoxLayout*>(group->childLayout()->itemAt(0)->layout());
                group->layout()->removeWidget(remove);
                rowLayout->addWidget(remove, 0, Qt::AlignTop);
            }
            const std::string linkId = def.linkId;
            connect(remove, &QPushButton::clicked, this, [this, linkId, instance] {
                structureChanged([this, linkId, instance] { return m_session.removeGroupInstance(linkId, instance); });
            });
        }
        layout->addWidget(group);
    }
    // Every copy of an outer repeating section has its own "Add": the new copy goes after the last
    // copy of this section inside that outer copy.
    if (def.repeats && !def.readOnly) {
        auto* add = new QPushButton(table ? tr("Add a row") : tr("Add another %1").arg(name.toLower()), section);
        add->setObjectName(QStringLiteral("addInstance"));
        auto* row = new QHBoxLayout;
        row->addWidget(add);
        row->addStretch(1);
        layout->addLayout(row);
        const std::string linkId = def.linkId;
        const std::size_t lastCopy = m_next[def.linkId] - 1;
        connect(add, &QPushButton::clicked, this, [this, linkId, lastCopy] {
            structureChanged([this, linkId, lastCopy]() -> core::Status {
                auto added = m_session.addGroupInstanceAfter(linkId, lastCopy);
                return added ? core::Status::success() : core::Status(added.error());
            });
        });
        m_addButtons[def.linkId].emplace_back(add);
    }
    into->addWidget(section);
}

void FormView::addTabs(const QuestionnaireItem& def, QVBoxLayout* into, QWidget* parent, int depth)
{
    const std::size_t instance = nextInstance(def.linkId);
    auto* group = new GroupWidget(def, instance, depth, parent);
    auto* tabs = new QTabWidget(group);
    tabs->setObjectName(QStringLiteral("formTabs"));
    tabs->setDocumentMode(true);
    for (const auto& child : def.items) {
        if (child.hidden || (child.type == ItemType::Display && child.itemControl == "help"))
            continue;
        auto* tab = new QWidget(tabs);
        auto* tabLayout = new QVBoxLayout(tab);
        tabLayout->setContentsMargins(8, 8, 8, 8);
        addItem(child, tabLayout, tab, depth + 1);
        tabLayout->addStretch(1);
        tabs->addTab(tab, itemTitle(child));
    }
    group->childLayout()->addWidget(tabs);
    into->addWidget(group);
}

// ------------------------------------------------------------------------------------------------
// Reacting to the user

void FormView::answerEdited(QuestionWidget* widget, std::vector<json> answers)
{
    const ItemKey key = widget->key();
    m_touched.insert(key);
    core::Status st = m_session.setAnswers(key.first, std::move(answers), key.second);
    widget->setRejected(st ? QString() : qs(st.message()));
    refresh();
    markDirty();
    Q_EMIT answersChanged();
}

void FormView::structureChanged(const std::function<core::Status()>& change)
{
    // Later, outside the clicked button's own signal: the rebuild deletes that button.
    QTimer::singleShot(0, this, [this, change] {
        if (core::Status st = change(); !st) {
            qCWarning(lcViews) << "form structure change refused, code" << int(st.code());
            return;
        }
        build();
        markDirty();
        Q_EMIT answersChanged();
    });
}

void FormView::refresh()
{
    std::map<ItemKey, QStringList> issues;
    for (const auto& issue : m_session.validate())
        issues[{issue.linkId, issue.instance}] << qs(issue.message);
    const RefreshState state{m_session, issues, m_touched, m_showAll};
    int problems = 0;
    for (const auto& w : m_widgets) {
        if (!w)
            continue;
        w->refresh(state);
        if (auto* question = qobject_cast<QuestionWidget*>(w.data());
            question && w->isItemEnabled() && !question->localProblem().isEmpty())
            ++problems;
    }
    // Problems on items without a widget (hidden ones) still count: the form cannot be completed.
    m_problemCount = problems + int(issues.size());
    updateScores();
    updateFooter();
}

void FormView::updateScores()
{
    QStringList parts;
    // A total over nothing is not a score: a blank form shows "not yet known", never 0.
    const bool anyAnswered = std::any_of(m_widgets.begin(), m_widgets.end(), [this](const auto& w) {
        return w && w->item().isQuestion() && !w->item().isCalculated() &&
               !m_session.answers(w->item().linkId, w->instance()).empty();
    });
    for (const auto& w : m_widgets) {
        if (!w || !w->item().isCalculated() || !w->isItemEnabled() || !w->item().isQuestion())
            continue;
        const auto answers = m_session.answers(w->item().linkId, w->instance());
        const QString value = answers.empty() || !anyAnswered ? tr("not yet known") : answerToText(w->item(), answers.front());
        parts << tr("%1: %2").arg(itemTitle(w->item()), value);
    }
    m_scores->setText(parts.join(QStringLiteral("   ·   ")));
    m_scores->setAccessibleName(m_scores->text());
    m_scores->setVisible(!parts.isEmpty());
}

void FormView::updateFooter()
{
    const bool valid = m_problemCount == 0;
    m_complete->setEnabled(valid && m_completed.is_null());
    m_showProblems->setVisible(!valid);
    if (!m_completed.is_null())
        m_summary->setText(tr("Marked complete."));
    else if (valid)
        m_summary->setText(tr("Everything needed is answered. You can mark the form complete."));
    else
        m_summary->setText(m_problemCount == 1
                               ? tr("1 question still needs an answer or a correction before the form can be marked "
                                    "complete.")
                               : tr("%1 questions still need an answer or a correction before the form can be "
                                    "marked complete.")
                                     .arg(m_problemCount));
}

void FormView::showAllIssues()
{
    m_showAll = true;
    refresh();
    for (const auto& w : m_widgets) {
        auto* question = qobject_cast<QuestionWidget*>(w.data());
        if (question && question->isItemEnabled() && question->problemLabel()->isVisibleTo(this)) {
            reveal(question);
            return;
        }
        if (question && question->isItemEnabled() && question->property("hasProblem").toBool()) {
            reveal(question);
            return;
        }
    }
}

void FormView::reveal(QWidget* widget)
{
    // Bring its page or tab forward, then scroll to it and put the keyboard focus on it.
    for (QWidget* p = widget->parentWidget(); p != nullptr && p != this; p = p->parentWidget()) {
        if (auto* stack = qobject_cast<QStackedWidget*>(p->parentWidget())) {
            stack->setCurrentWidget(p);
            if (auto* tabs = qobject_cast<QTabWidget*>(stack->parentWidget()))
                tabs->setCurrentWidget(p);
        }
    }
    updatePageNav();
    m_scroll->ensureWidgetVisible(widget, 20, 60);
    if (auto* question = qobject_cast<QuestionWidget*>(widget); question && question->control()->focusTarget())
        question->control()->focusTarget()->setFocus(Qt::OtherFocusReason);
}

void FormView::updatePageNav()
{
    if (!m_pages)
        return;
    const int index = m_pages->currentIndex();
    m_previous->setEnabled(index > 0);
    m_next_->setEnabled(index + 1 < m_pages->count());
    const QString title = m_pages->currentWidget() ? m_pages->currentWidget()->property("pageTitle").toString() : QString();
    m_pageLabel->setText(tr("Page %1 of %2: %3").arg(index + 1).arg(m_pages->count()).arg(title));
}

void FormView::markComplete()
{
    refresh();
    if (m_problemCount > 0) {
        showAllIssues();
        return;
    }
    core::forms::ResponseHeader header;
    header.status = core::forms::ResponseStatus::Completed;
    header.id = m_draftId.toStdString();
    auto response = core::forms::QuestionnaireResponseCodec::write(m_session, header);
    if (!response) {
        showAllIssues();
        return;
    }
    m_completed = std::move(*response);
    updateFooter();
    Q_EMIT completed();
}

// ------------------------------------------------------------------------------------------------
// Drafts

void FormView::markDirty()
{
    m_dirty = true;
    if (!m_drafts)
        return;
    if (!m_firstUnsaved.isValid())
        m_firstUnsaved.start();
    const auto left = std::max<qint64>(0, kSaveMaxDelayMs - m_firstUnsaved.elapsed());
    m_saveTimer->start(int(std::min<qint64>(kSaveDebounceMs, left)));
    setSaveStatus(tr("Saving soon…"));
}

bool FormView::saveNow()
{
    if (!m_drafts || !m_dirty || m_draftId.isEmpty())
        return false;
    m_saveTimer->stop();
    m_retryTimer->stop();
    auto draft = core::forms::DraftStore::capture(m_session, m_draftId.toStdString(), m_patientId.toStdString());
    if (!draft) {
        setSaveStatus(tr("Not saved: the answers could not be prepared for saving."), true);
        return false;
    }
    m_dirty = false;
    m_firstUnsaved.invalidate();
    ++m_savesInFlight;
    setSaveStatus(tr("Saving…"));
    m_drafts->save(std::move(*draft), this, [this](Reply<Done> reply) {
        --m_savesInFlight;
        if (!reply.ok()) {
            // Never claim "saved": keep the answers marked unsaved and try again shortly.
            m_dirty = true;
            qCWarning(lcViews) << "draft save failed, code" << int(reply.code);
            setSaveStatus(tr("Not saved yet. Your answers are still here; Avocet will try again."), true);
            m_retryTimer->start(kSaveRetryMs);
            Q_EMIT draftSaveFailed(reply.message);
            return;
        }
        if (!m_dirty && m_savesInFlight == 0)
            setSaveStatus(tr("Draft saved at %1").arg(QTime::currentTime().toString(QStringLiteral("HH:mm"))));
        Q_EMIT draftSaved();
    });
    return true;
}

void FormView::setSaveStatus(const QString& text, bool problem)
{
    m_saveStatus->setText(text);
    m_saveStatus->setProperty("problem", problem);
    m_saveStatus->style()->unpolish(m_saveStatus);
    m_saveStatus->style()->polish(m_saveStatus);
}

QString FormView::saveStatusText() const { return m_saveStatus->text(); }

// ------------------------------------------------------------------------------------------------
// Test seams

FormItemWidget* FormView::itemWidget(const std::string& linkId, std::size_t instance) const
{
    for (const auto& w : m_widgets) {
        if (w && w->item().linkId == linkId && w->instance() == instance)
            return w;
    }
    return nullptr;
}

QuestionWidget* FormView::questionWidget(const std::string& linkId, std::size_t instance) const
{
    return qobject_cast<QuestionWidget*>(itemWidget(linkId, instance));
}

std::vector<FormItemWidget*> FormView::itemWidgets() const
{
    std::vector<FormItemWidget*> out;
    for (const auto& w : m_widgets) {
        if (w)
            out.push_back(w);
    }
    return out;
}

QPushButton* FormView::addButton(const std::string& groupLinkId, std::size_t outerCopy) const
{
    auto it = m_addButtons.find(groupLinkId);
    return it == m_addButtons.end() || outerCopy >= it->second.size() ? nullptr : it->second[outerCopy].data();
}

} // namespace avocet::ui::forms

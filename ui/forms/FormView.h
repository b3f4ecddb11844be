#pragma once
// A form being filled in: reflects one FormSession and forwards every answer to it. The engine
// owns all behaviour (enableWhen, validation, scores); this view only shows its state. Every change
// is saved as an encrypted draft within two seconds when a FormDrafts is attached.
#include <QElapsedTimer>
#include <QPointer>
#include <QString>
#include <QWidget>

#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/forms/FormSession.h"
#include "ui/forms/FormItemWidget.h"

class QLabel;
class QPushButton;
class QScrollArea;
class QStackedWidget;
class QTabWidget;
class QTimer;
class QVBoxLayout;

namespace avocet::ui::forms {

class FormDrafts;
class QuestionWidget;

class FormView : public QWidget
{
    Q_OBJECT
public:
    static constexpr int kSaveDebounceMs = 500;  // quiet time before a draft is written
    static constexpr int kSaveMaxDelayMs = 1500; // never more than this after the first unsaved change
    static constexpr int kSaveRetryMs = 5000;

    explicit FormView(core::forms::FormSession session, QWidget* parent = nullptr);
    ~FormView() override; // saves unsaved changes first

    core::forms::FormSession& session() { return m_session; }
    const core::forms::FormSession& session() const { return m_session; }

    // Turns on draft saving for this form under draftId, for the patient's local id.
    void attachDrafts(FormDrafts* drafts, const QString& draftId, const QString& patientId);
    QString draftId() const { return m_draftId; }
    // Writes the draft now when anything is unsaved (lock, close, switching form). The save is
    // queued on the Session's worker ahead of anything asked for after it, such as the lock.
    // Returns true when a save was queued.
    Q_INVOKABLE bool saveNow();
    bool hasUnsavedChanges() const { return m_dirty; }
    bool isSaving() const { return m_savesInFlight > 0; }
    QString saveStatusText() const;

    // Shows every problem beside its item (as when the user asks what is missing).
    void showAllIssues();
    int problemCount() const { return m_problemCount; }
    QPushButton* completeButton() const { return m_complete; }
    QLabel* scoreStrip() const { return m_scores; }
    // The QuestionnaireResponse (status completed) when Mark complete succeeded.
    const nlohmann::json& completedResponse() const { return m_completed; }

    // Test seams and helpers for the window around the form.
    FormItemWidget* itemWidget(const std::string& linkId, std::size_t instance = 0) const;
    QuestionWidget* questionWidget(const std::string& linkId, std::size_t instance = 0) const;
    std::vector<FormItemWidget*> itemWidgets() const;
    // "Add another" of a repeating section; for a section inside a repeating section, the one in
    // outer copy `outerCopy` (document order).
    QPushButton* addButton(const std::string& groupLinkId, std::size_t outerCopy = 0) const;
    QStackedWidget* pages() const { return m_pages; }

Q_SIGNALS:
    void answersChanged();
    void draftSaved();
    void draftSaveFailed(const QString& message);
    void completed();

private:
    void build();
    void addItem(const core::forms::QuestionnaireItem& def, QVBoxLayout* into, QWidget* parent, int depth);
    void addRepeating(const core::forms::QuestionnaireItem& def, QVBoxLayout* into, QWidget* parent, int depth);
    void addTabs(const core::forms::QuestionnaireItem& def, QVBoxLayout* into, QWidget* parent, int depth);
    QuestionWidget* addQuestion(const core::forms::QuestionnaireItem& def, std::size_t instance, bool compact,
                                QWidget* parent);
    std::size_t nextInstance(const std::string& linkId) { return m_next[linkId]++; }
    std::size_t copiesUnderParent(const core::forms::QuestionnaireItem& def);
    void answerEdited(QuestionWidget* widget, std::vector<nlohmann::json> answers);
    void structureChanged(const std::function<core::Status()>& change);
    void refresh();
    void updateFooter();
    void updateScores();
    void markDirty();
    void setSaveStatus(const QString& text, bool problem = false);
    void markComplete();
    void reveal(QWidget* widget);
    void updatePageNav();

    core::forms::FormSession m_session;
    QPointer<FormDrafts> m_drafts;
    QString m_draftId;
    QString m_patientId;

    QScrollArea* m_scroll = nullptr;
    QWidget* m_content = nullptr;
    QStackedWidget* m_pages = nullptr;
    QLabel* m_pageLabel = nullptr;
    QPushButton* m_previous = nullptr;
    QPushButton* m_next_ = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_scores = nullptr;
    QPushButton* m_showProblems = nullptr;
    QLabel* m_saveStatus = nullptr;
    QPushButton* m_complete = nullptr;
    QTimer* m_saveTimer = nullptr;
    QTimer* m_retryTimer = nullptr;

    std::map<std::string, std::size_t> m_next; // next instance per linkId while building
    std::vector<QPointer<FormItemWidget>> m_widgets;
    std::map<std::string, std::vector<QPointer<QPushButton>>> m_addButtons;
    std::set<ItemKey> m_touched;
    bool m_showAll = false;
    int m_problemCount = 0;
    bool m_dirty = false;
    int m_savesInFlight = 0;
    QElapsedTimer m_firstUnsaved;
    nlohmann::json m_completed;
};

} // namespace avocet::ui::forms

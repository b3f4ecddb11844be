#include "ui/forms/AnswerControl.h"

#include <QAbstractItemView>
#include <QButtonGroup>
#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>

#include <algorithm>

#include "core/forms/SdcExtensions.h"
#include "ui/forms/AnswerText.h"

namespace avocet::ui::forms {

using core::forms::AnswerOption;
using core::forms::ItemType;
using core::forms::QuestionnaireItem;
using nlohmann::json;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// Keyboard for a question's buttons, as the platform's radio groups behave: Up/Left and
// Down/Right move between the options (and, for a single answer, choose the one reached), so the
// arrow keys never scroll the form from inside a question; Space ticks or clears the focused
// option. A single-answer question is one Tab stop (the chosen option, or the first); check boxes
// are a Tab stop each.
class ButtonKeys : public QObject
{
public:
    ButtonKeys(QButtonGroup* group, bool chooseOnMove) : QObject(group), m_group(group), m_chooseOnMove(chooseOnMove)
    {
        for (QAbstractButton* b : group->buttons())
            b->installEventFilter(this);
        if (m_chooseOnMove)
            connect(group, &QButtonGroup::idToggled, this, [this] { updateTabStop(); });
        updateTabStop();
    }

    void updateTabStop()
    {
        if (!m_chooseOnMove)
            return;
        const QList<QAbstractButton*> buttons = m_group->buttons();
        QAbstractButton* stop = nullptr;
        for (QAbstractButton* b : buttons)
            if (b->isChecked())
                stop = b;
        if (!stop && !buttons.isEmpty())
            stop = buttons.front();
        for (QAbstractButton* b : buttons)
            b->setFocusPolicy(b == stop || b->hasFocus() ? Qt::StrongFocus : Qt::ClickFocus);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        if (event->type() == QEvent::FocusOut) {
            updateTabStop();
            return false;
        }
        if (event->type() != QEvent::KeyPress)
            return false;
        auto* key = static_cast<QKeyEvent*>(event);
        int step = 0;
        switch (key->key()) {
        case Qt::Key_Up:
        case Qt::Key_Left: step = -1; break;
        case Qt::Key_Down:
        case Qt::Key_Right: step = 1; break;
        default: return false;
        }
        if (key->modifiers() & (Qt::ControlModifier | Qt::AltModifier | Qt::MetaModifier))
            return false;
        const QList<QAbstractButton*> buttons = m_group->buttons();
        const auto at = buttons.indexOf(static_cast<QAbstractButton*>(watched));
        if (at < 0)
            return false;
        const auto next = at + step;
        if (next < 0 || next >= buttons.size())
            return true; // the ends stop the move; the form does not scroll instead
        QAbstractButton* target = buttons.at(next);
        target->setFocusPolicy(Qt::StrongFocus);
        target->setFocus(Qt::TabFocusReason);
        if (m_chooseOnMove && target->isEnabled() && !target->isChecked())
            target->click(); // as QButtonGroup::idClicked: the answer is recorded like a mouse click
        updateTabStop();
        return true;
    }

private:
    QButtonGroup* m_group;
    bool m_chooseOnMove;
};

QHBoxLayout* row(QWidget* owner)
{
    auto* layout = new QHBoxLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(8);
    return layout;
}

QVBoxLayout* column(QWidget* owner, int spacing)
{
    auto* layout = new QVBoxLayout(owner);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(spacing);
    return layout;
}

void limitLength(QLineEdit* edit, const QuestionnaireItem& item)
{
    if (item.maxLength && *item.maxLength > 0)
        edit->setMaxLength(int(std::min<std::int64_t>(*item.maxLength, 1'000'000)));
}

// Extensions of the item's JSON with this url.
std::vector<json> extensions(const QuestionnaireItem& item, const char* url)
{
    std::vector<json> out;
    if (item.source == nullptr)
        return out;
    if (auto ext = item.source->find("extension"); ext != item.source->end() && ext->is_array()) {
        for (const json& e : *ext) {
            if (e.is_object() && e.value("url", std::string()) == url)
                out.push_back(e);
        }
    }
    return out;
}

QString placeholderFor(const QuestionnaireItem& item)
{
    if (!item.entryFormat.empty())
        return qs(item.entryFormat);
    switch (item.type) {
    case ItemType::Date: return AnswerControl::tr("dd/mm/yyyy");
    case ItemType::DateTime: return AnswerControl::tr("dd/mm/yyyy hh:mm");
    case ItemType::Time: return AnswerControl::tr("hh:mm");
    default: return {};
    }
}

// ---------------------------------------------------------------------------------------------
// One line of text: string, url, integer, decimal, date, dateTime, time, reference.
class LineControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::LineControl) // the context lupdate gives it

public:
    LineControl(const QuestionnaireItem& item, QWidget* parent) : AnswerControl(item, parent)
    {
        auto* layout = row(this);
        m_edit = new QLineEdit(this);
        m_edit->setPlaceholderText(placeholderFor(item));
        limitLength(m_edit, item);
        const bool narrow = item.type == ItemType::Integer || item.type == ItemType::Decimal ||
                            item.type == ItemType::Date || item.type == ItemType::Time ||
                            item.type == ItemType::DateTime;
        if (narrow)
            m_edit->setMaximumWidth(item.type == ItemType::DateTime ? 240 : 200);
        layout->addWidget(m_edit, narrow ? 0 : 1);
        if (item.type == ItemType::Date || item.type == ItemType::DateTime)
            addCalendar(layout);
        if (item.unit) {
            auto* unit = new QLabel(qs(item.unit->value("display", item.unit->value("code", std::string()))), this);
            unit->setObjectName(QStringLiteral("unit"));
            layout->addWidget(unit);
        }
        if (narrow)
            layout->addStretch(1);
        connect(m_edit, &QLineEdit::textEdited, this, [this](const QString& text) { edited(text); });
    }

    void showAnswers(const Answers& answers) override
    {
        m_problem.clear();
        m_edit->setText(answers.empty() ? QString() : answerToText(m_item, answers.front()));
    }
    void setReadOnly(bool readOnly) override
    {
        m_edit->setReadOnly(readOnly);
        if (m_calendar)
            m_calendar->setEnabled(!readOnly);
    }
    QWidget* focusTarget() const override { return m_edit; }
    QString localProblem() const override { return m_problem; }

private:
    void edited(const QString& text)
    {
        if (m_item.type == ItemType::Reference) {
            const QString trimmed = text.trimmed();
            report(trimmed.isEmpty() ? Answers{} : Answers{json{{"valueReference", {{"reference", trimmed.toStdString()}}}}});
            return;
        }
        Parsed parsed = textToAnswer(m_item.type, text);
        m_problem = parsed.problem;
        report(parsed.answer ? Answers{*parsed.answer} : Answers{});
    }

    void addCalendar(QHBoxLayout* layout)
    {
        m_calendar = new QToolButton(this);
        m_calendar->setText(tr("Calendar"));
        m_calendar->setToolTip(tr("Pick the date from a calendar"));
        m_calendar->setAccessibleName(tr("Pick the date from a calendar"));
        m_calendar->setPopupMode(QToolButton::InstantPopup);
        auto* menu = new QMenu(m_calendar);
        auto* calendar = new QCalendarWidget(menu);
        calendar->setGridVisible(true);
        auto* action = new QWidgetAction(menu);
        action->setDefaultWidget(calendar);
        menu->addAction(action);
        m_calendar->setMenu(menu);
        connect(menu, &QMenu::aboutToShow, calendar, [this, calendar] {
            Parsed parsed = textToAnswer(ItemType::Date, m_edit->text().section(QLatin1Char(' '), 0, 0));
            if (parsed.answer)
                calendar->setSelectedDate(QDate::fromString(qs((*parsed.answer)["valueDate"].get<std::string>()), Qt::ISODate));
            calendar->setFocus();
        });
        connect(calendar, &QCalendarWidget::activated, this, [this, menu](QDate date) {
            QString text = date.toString(QStringLiteral("dd/MM/yyyy"));
            if (m_item.type == ItemType::DateTime) {
                const QString time = m_edit->text().section(QLatin1Char(' '), 1, 1);
                text += QLatin1Char(' ') + (time.isEmpty() ? QStringLiteral("09:00") : time);
            }
            m_edit->setText(text);
            menu->close();
            m_edit->setFocus();
            edited(text);
        });
        layout->addWidget(m_calendar);
    }

    QLineEdit* m_edit = nullptr;
    QToolButton* m_calendar = nullptr;
    QString m_problem;
};

// ---------------------------------------------------------------------------------------------
// Several lines: type text, or any repeating primitive (one answer per line).
class TextControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::TextControl) // the context lupdate gives it

public:
    TextControl(const QuestionnaireItem& item, QWidget* parent) : AnswerControl(item, parent)
    {
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        m_edit = new QPlainTextEdit(this);
        m_edit->setTabChangesFocus(true); // Tab moves on, as everywhere else in the form
        m_edit->setMinimumHeight(80);
        m_edit->setMaximumHeight(160);
        if (item.repeats && item.type != ItemType::Text)
            m_edit->setPlaceholderText(tr("One answer per line"));
        layout->addWidget(m_edit);
        if (item.maxLength) {
            m_counter = new QLabel(this);
            m_counter->setObjectName(QStringLiteral("hint"));
            layout->addWidget(m_counter);
        }
        connect(m_edit, &QPlainTextEdit::textChanged, this, [this] {
            updateCounter();
            if (!m_showing)
                edited();
        });
    }

    void showAnswers(const Answers& answers) override
    {
        QStringList lines;
        for (const json& a : answers)
            lines << answerToText(m_item, a);
        m_showing = true;
        m_edit->setPlainText(lines.join(QLatin1Char('\n')));
        m_showing = false;
        m_problem.clear();
        updateCounter();
    }
    void setReadOnly(bool readOnly) override { m_edit->setReadOnly(readOnly); }
    QWidget* focusTarget() const override { return m_edit; }
    QString localProblem() const override { return m_problem; }

private:
    void edited()
    {
        const QString text = m_edit->toPlainText();
        if (m_item.type == ItemType::Text) {
            Parsed parsed = textToAnswer(ItemType::Text, text);
            report(parsed.answer ? Answers{*parsed.answer} : Answers{});
            return;
        }
        Answers answers;
        m_problem.clear();
        for (const QString& line : text.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            Parsed parsed = textToAnswer(m_item.type, line);
            if (parsed.answer)
                answers.push_back(*parsed.answer);
            else if (!parsed.problem.isEmpty())
                m_problem = parsed.problem;
        }
        report(std::move(answers));
    }
    void updateCounter()
    {
        if (!m_counter)
            return;
        const auto used = m_edit->toPlainText().size();
        m_counter->setText(tr("%1 of %2 characters").arg(used).arg(*m_item.maxLength));
    }

    QPlainTextEdit* m_edit = nullptr;
    QLabel* m_counter = nullptr;
    QString m_problem;
    bool m_showing = false;
};

// ---------------------------------------------------------------------------------------------
// Radio buttons (single answer) or check boxes (repeats / check-box), with a way to clear.
class ButtonsControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::ButtonsControl) // the context lupdate gives it

public:
    ButtonsControl(const QuestionnaireItem& item, std::vector<AnswerOption> options, bool multiple, bool checkBoxes,
                   QWidget* parent)
        : AnswerControl(item, parent), m_options(std::move(options)), m_multiple(multiple)
    {
        auto* layout = new QVBoxLayout(this);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->setSpacing(2);
        m_group = new QButtonGroup(this);
        m_group->setExclusive(false); // exclusivity is ours, so a single answer can also be cleared
        const bool inline_ = !multiple && m_options.size() <= 3 &&
                             std::all_of(m_options.begin(), m_options.end(),
                                         [](const AnswerOption& o) { return optionLabel(o).size() <= 12; });
        QBoxLayout* buttons = inline_ ? static_cast<QBoxLayout*>(new QHBoxLayout) : new QVBoxLayout;
        buttons->setSpacing(inline_ ? 24 : 2);
        layout->addLayout(buttons);
        for (std::size_t i = 0; i < m_options.size(); ++i) {
            QAbstractButton* button = checkBoxes ? static_cast<QAbstractButton*>(new QCheckBox(optionLabel(m_options[i]), this))
                                               : new QRadioButton(optionLabel(m_options[i]), this);
            button->setAutoExclusive(false);
            m_group->addButton(button, int(i));
            buttons->addWidget(button, 0, inline_ ? Qt::Alignment() : Qt::AlignLeft);
        }
        if (inline_)
            buttons->addStretch(1);
        connect(m_group, &QButtonGroup::idClicked, this, [this](int id) { clicked(id); });
        m_keys = new ButtonKeys(m_group, !multiple && !checkBoxes);
    }

    void showAnswers(const Answers& answers) override
    {
        for (std::size_t i = 0; i < m_options.size(); ++i) {
            const bool on = std::any_of(answers.begin(), answers.end(),
                                        [&](const json& a) { return answerMatchesOption(a, m_options[i]); });
            m_group->button(int(i))->setChecked(on);
        }
        m_keys->updateTabStop();
    }
    void setReadOnly(bool readOnly) override
    {
        for (auto* b : m_group->buttons())
            b->setEnabled(!readOnly);
    }
    QWidget* focusTarget() const override
    {
        for (auto* b : m_group->buttons()) {
            if (b->isChecked())
                return b;
        }
        return m_group->buttons().isEmpty() ? nullptr : m_group->buttons().front();
    }
    void describe(const QString& name, const QString& description) override
    {
        // Each button keeps its own label as its name; the question is its description.
        for (auto* b : m_group->buttons()) {
            b->setAccessibleName(b->text());
            b->setAccessibleDescription(description.isEmpty() ? name : name + QStringLiteral(". ") + description);
        }
    }

private:
    void clicked(int id)
    {
        if (!m_multiple) {
            for (auto* b : m_group->buttons()) {
                if (m_group->id(b) != id)
                    b->setChecked(false);
            }
        }
        Answers answers;
        for (std::size_t i = 0; i < m_options.size(); ++i) {
            if (m_group->button(int(i))->isChecked())
                answers.push_back(json{{m_options[i].valueKey, m_options[i].value}});
        }
        report(std::move(answers));
    }

    std::vector<AnswerOption> m_options;
    bool m_multiple;
    QButtonGroup* m_group = nullptr;
    ButtonKeys* m_keys = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Yes / No as two radio buttons: a check box cannot tell "No" from "not answered".
class BooleanControl : public ButtonsControl
{
public:
    BooleanControl(const QuestionnaireItem& item, QWidget* parent) : ButtonsControl(item, yesNo(), false, false, parent) {}

private:
    static std::vector<AnswerOption> yesNo()
    {
        AnswerOption yes;
        yes.valueKey = "valueBoolean";
        yes.value = true;
        AnswerOption no = yes;
        no.value = false;
        return {yes, no};
    }
};

// ---------------------------------------------------------------------------------------------
// Drop-down, autocomplete (type to filter) and open-choice (any text).
class ComboControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::ComboControl) // the context lupdate gives it

public:
    ComboControl(const QuestionnaireItem& item, std::vector<AnswerOption> options, bool editable, QWidget* parent)
        : AnswerControl(item, parent), m_options(std::move(options))
    {
        auto* layout = row(this);
        m_combo = new QComboBox(this);
        m_combo->setEditable(editable);
        m_combo->setInsertPolicy(QComboBox::NoInsert);
        m_combo->setSizeAdjustPolicy(QComboBox::AdjustToContents);
        m_combo->setMinimumWidth(260);
        m_combo->addItem(editable ? QString() : tr("Choose…"));
        for (const auto& option : m_options)
            m_combo->addItem(optionLabel(option));
        if (editable) {
            m_combo->lineEdit()->setPlaceholderText(item.type == ItemType::OpenChoice ? tr("Choose or type an answer")
                                                                                      : tr("Type to search"));
            m_combo->completer()->setFilterMode(Qt::MatchContains);
            m_combo->completer()->setCaseSensitivity(Qt::CaseInsensitive);
            m_combo->completer()->setCompletionMode(QCompleter::PopupCompletion);
            connect(m_combo->lineEdit(), &QLineEdit::editingFinished, this, [this] { textChosen(); });
        }
        connect(m_combo, &QComboBox::activated, this, [this](int index) { indexChosen(index); });
        layout->addWidget(m_combo);
        layout->addStretch(1);
    }

    void showAnswers(const Answers& answers) override
    {
        m_shown = answers.empty() ? json() : answers.front();
        if (answers.empty()) {
            m_combo->setCurrentIndex(0);
            if (m_combo->isEditable())
                m_combo->setEditText({});
            return;
        }
        for (std::size_t i = 0; i < m_options.size(); ++i) {
            if (answerMatchesOption(answers.front(), m_options[i])) {
                m_combo->setCurrentIndex(int(i) + 1);
                return;
            }
        }
        m_combo->setCurrentIndex(0);
        if (m_combo->isEditable())
            m_combo->setEditText(answerToText(m_item, answers.front()));
    }
    void setReadOnly(bool readOnly) override { m_combo->setEnabled(!readOnly); }
    QWidget* focusTarget() const override { return m_combo; }
    QString localProblem() const override { return m_problem; }
    bool setOptions(const std::vector<AnswerOption>& options) override
    {
        const QSignalBlocker quiet(m_combo);
        m_options = options;
        while (m_combo->count() > 1)
            m_combo->removeItem(m_combo->count() - 1);
        for (const auto& option : m_options)
            m_combo->addItem(optionLabel(option));
        return true;
    }

private:
    void indexChosen(int index)
    {
        m_problem.clear();
        if (index <= 0) {
            if (!m_combo->isEditable())
                emitIfChanged({});
            return;
        }
        const AnswerOption& o = m_options[std::size_t(index - 1)];
        emitIfChanged({json{{o.valueKey, o.value}}});
    }
    void textChosen()
    {
        const QString text = m_combo->currentText().trimmed();
        m_problem.clear();
        if (text.isEmpty()) {
            emitIfChanged({});
            return;
        }
        for (std::size_t i = 0; i < m_options.size(); ++i) {
            if (optionLabel(m_options[i]).compare(text, Qt::CaseInsensitive) == 0) {
                m_combo->setCurrentIndex(int(i) + 1);
                emitIfChanged({json{{m_options[i].valueKey, m_options[i].value}}});
                return;
            }
        }
        if (m_item.type == ItemType::OpenChoice) {
            emitIfChanged({json{{"valueString", text.toStdString()}}});
            return;
        }
        m_problem = tr("“%1” is not one of the choices. Pick one from the list.").arg(text);
        emitIfChanged({});
    }
    void emitIfChanged(Answers answers)
    {
        const json now = answers.empty() ? json() : answers.front();
        if (now == m_shown && m_problem.isEmpty())
            return;
        m_shown = now;
        report(std::move(answers));
    }

    std::vector<AnswerOption> m_options;
    QComboBox* m_combo = nullptr;
    json m_shown;
    QString m_problem;
};

// ---------------------------------------------------------------------------------------------
// Open-choice that repeats: a check box per option and any number of typed answers (valueString),
// each on its own line with a Remove button, plus a line to type the next one. Typed text that
// names an option ticks that option instead.
class OpenChoiceListControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::OpenChoiceListControl) // the context lupdate gives it

public:
    OpenChoiceListControl(const QuestionnaireItem& item, QWidget* parent) : AnswerControl(item, parent)
    {
        auto* layout = column(this, 2);
        m_group = new QButtonGroup(this);
        m_group->setExclusive(false);
        for (std::size_t i = 0; i < item.answerOptions.size(); ++i) {
            auto* box = new QCheckBox(optionLabel(item.answerOptions[i]), this);
            m_group->addButton(box, int(i));
            layout->addWidget(box, 0, Qt::AlignLeft);
        }
        m_rows = new QVBoxLayout;
        m_rows->setSpacing(4);
        layout->addLayout(m_rows);
        auto* entryRow = new QHBoxLayout;
        entryRow->setSpacing(8);
        m_entry = new QLineEdit(this);
        m_entry->setObjectName(QStringLiteral("otherAnswerEntry"));
        m_entry->setPlaceholderText(tr("Type another answer"));
        m_entry->setMinimumWidth(260);
        limitLength(m_entry, item);
        m_add = new QPushButton(tr("Add answer"), this);
        m_add->setObjectName(QStringLiteral("addOtherAnswer"));
        entryRow->addWidget(m_entry, 1);
        entryRow->addWidget(m_add);
        entryRow->addStretch(1);
        layout->addLayout(entryRow);
        connect(m_group, &QButtonGroup::idClicked, this, [this] { reportAll(); });
        new ButtonKeys(m_group, false);
        connect(m_entry, &QLineEdit::returnPressed, this, [this] { addTyped(); });
        connect(m_add, &QPushButton::clicked, this, [this] { addTyped(); });
    }

    void showAnswers(const Answers& answers) override
    {
        const auto& options = m_item.answerOptions;
        for (std::size_t i = 0; i < options.size(); ++i) {
            const bool on = std::any_of(answers.begin(), answers.end(),
                                        [&](const json& a) { return answerMatchesOption(a, options[i]); });
            m_group->button(int(i))->setChecked(on);
        }
        while (!m_typed.empty())
            removeRow(m_typed.back().row);
        for (const json& a : answers) {
            const bool isOption = std::any_of(options.begin(), options.end(),
                                              [&](const AnswerOption& o) { return answerMatchesOption(a, o); });
            if (!isOption)
                addRow(a);
        }
    }
    void setReadOnly(bool readOnly) override
    {
        m_readOnly = readOnly;
        for (auto* b : m_group->buttons())
            b->setEnabled(!readOnly);
        m_entry->setReadOnly(readOnly);
        m_add->setEnabled(!readOnly);
        for (const Typed& t : m_typed) {
            t.edit->setReadOnly(readOnly);
            t.remove->setEnabled(!readOnly);
        }
    }
    QWidget* focusTarget() const override
    {
        for (auto* b : m_group->buttons()) {
            if (b->isChecked())
                return b;
        }
        return m_group->buttons().isEmpty() ? static_cast<QWidget*>(m_entry) : m_group->buttons().front();
    }
    void describe(const QString& name, const QString& description) override
    {
        m_name = name;
        const QString about = description.isEmpty() ? name : name + QStringLiteral(". ") + description;
        for (auto* b : m_group->buttons()) {
            b->setAccessibleName(b->text());
            b->setAccessibleDescription(about);
        }
        m_entry->setAccessibleName(tr("Another answer to %1").arg(name));
        m_entry->setAccessibleDescription(tr("Type an answer that is not in the list, then press Enter."));
        m_add->setAccessibleName(tr("Add the typed answer to %1").arg(name));
        for (const Typed& t : m_typed)
            describeRow(t);
    }

private:
    struct Typed
    {
        QWidget* row = nullptr;
        QLineEdit* edit = nullptr;
        QToolButton* remove = nullptr;
        json answer; // kept as it came when it is not plain text (a coding from an older version)
    };

    void addTyped()
    {
        const QString text = m_entry->text().trimmed();
        if (text.isEmpty() || m_readOnly)
            return;
        m_entry->clear();
        const auto& options = m_item.answerOptions;
        for (std::size_t i = 0; i < options.size(); ++i) {
            if (optionLabel(options[i]).compare(text, Qt::CaseInsensitive) == 0) {
                m_group->button(int(i))->setChecked(true);
                reportAll();
                return;
            }
        }
        const bool known = std::any_of(m_typed.begin(), m_typed.end(), [&](const Typed& t) {
            return t.edit->text().trimmed().compare(text, Qt::CaseInsensitive) == 0;
        });
        if (!known)
            addRow(json{{"valueString", text.toStdString()}});
        reportAll();
    }

    void addRow(const json& answer)
    {
        Typed t;
        t.answer = answer;
        t.row = new QWidget(this);
        t.row->setObjectName(QStringLiteral("otherAnswer"));
        auto* rowLayout = row(t.row);
        t.edit = new QLineEdit(answerToText(m_item, answer), t.row);
        t.edit->setReadOnly(m_readOnly);
        limitLength(t.edit, m_item);
        t.remove = new QToolButton(t.row);
        t.remove->setText(tr("Remove"));
        t.remove->setEnabled(!m_readOnly);
        rowLayout->addWidget(t.edit, 1);
        rowLayout->addWidget(t.remove);
        rowLayout->addStretch(1);
        m_rows->addWidget(t.row);
        t.row->show(); // at once, not when the layout gets round to it: the next key may remove it
        QWidget* rowWidget = t.row;
        QLineEdit* edit = t.edit;
        connect(edit, &QLineEdit::textEdited, this, [this, rowWidget](const QString& text) {
            for (Typed& typed : m_typed) {
                if (typed.row == rowWidget)
                    typed.answer = json{{"valueString", text.trimmed().toStdString()}};
            }
            reportAll();
        });
        connect(t.remove, &QToolButton::clicked, this, [this, rowWidget] {
            removeRow(rowWidget);
            m_entry->setFocus(Qt::OtherFocusReason);
            reportAll();
        });
        m_typed.push_back(t);
        describeRow(m_typed.back());
    }

    void removeRow(QWidget* rowWidget)
    {
        auto it = std::find_if(m_typed.begin(), m_typed.end(), [&](const Typed& t) { return t.row == rowWidget; });
        if (it == m_typed.end())
            return;
        it->row->hide();
        it->row->deleteLater(); // may be inside its own Remove button's signal
        m_typed.erase(it);
    }

    void describeRow(const Typed& t) const
    {
        const QString name = m_name.isEmpty() ? itemTitle(m_item) : m_name;
        t.edit->setAccessibleName(tr("Typed answer to %1").arg(name));
        t.remove->setAccessibleName(tr("Remove the answer “%1”").arg(t.edit->text()));
    }

    void reportAll()
    {
        Answers answers;
        const auto& options = m_item.answerOptions;
        for (std::size_t i = 0; i < options.size(); ++i) {
            if (m_group->button(int(i))->isChecked())
                answers.push_back(json{{options[i].valueKey, options[i].value}});
        }
        for (const Typed& t : m_typed) {
            const bool text = t.answer.contains("valueString");
            if (text && t.answer["valueString"].get<std::string>().empty())
                continue; // a line emptied by the user answers nothing
            answers.push_back(t.answer);
        }
        report(std::move(answers));
    }

    QButtonGroup* m_group = nullptr;
    QVBoxLayout* m_rows = nullptr;
    QLineEdit* m_entry = nullptr;
    QPushButton* m_add = nullptr;
    std::vector<Typed> m_typed;
    QString m_name;
    bool m_readOnly = false;
};

// ---------------------------------------------------------------------------------------------
// A number with its unit: the unit is fixed (questionnaire-unit) or chosen (unitOption).
class QuantityControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::QuantityControl) // the context lupdate gives it

public:
    QuantityControl(const QuestionnaireItem& item, QWidget* parent) : AnswerControl(item, parent)
    {
        auto* layout = row(this);
        m_edit = new QLineEdit(this);
        m_edit->setMaximumWidth(160);
        m_edit->setPlaceholderText(placeholderFor(item));
        layout->addWidget(m_edit);
        for (const json& e : extensions(item, "http://hl7.org/fhir/StructureDefinition/questionnaire-unitOption")) {
            if (e.contains("valueCoding"))
                m_units.push_back(e["valueCoding"]);
        }
        if (m_units.empty() && item.unit)
            m_units.push_back(*item.unit);
        if (m_units.size() > 1) {
            m_unitBox = new QComboBox(this);
            for (const json& u : m_units)
                m_unitBox->addItem(qs(u.value("display", u.value("code", std::string()))));
            layout->addWidget(m_unitBox);
            connect(m_unitBox, &QComboBox::activated, this, [this] { edited(); });
        } else if (m_units.size() == 1) {
            auto* unit = new QLabel(qs(m_units.front().value("display", m_units.front().value("code", std::string()))), this);
            unit->setObjectName(QStringLiteral("unit"));
            layout->addWidget(unit);
        }
        layout->addStretch(1);
        connect(m_edit, &QLineEdit::textEdited, this, [this] { edited(); });
    }

    void showAnswers(const Answers& answers) override
    {
        m_problem.clear();
        if (answers.empty() || !answers.front().contains("valueQuantity")) {
            m_edit->clear();
            return;
        }
        const json& q = answers.front()["valueQuantity"];
        m_edit->setText(numberText(q.value("value", json())));
        if (m_unitBox) {
            for (std::size_t i = 0; i < m_units.size(); ++i) {
                if (m_units[i].value("code", std::string()) == q.value("code", std::string()))
                    m_unitBox->setCurrentIndex(int(i));
            }
        }
    }
    void setReadOnly(bool readOnly) override
    {
        m_edit->setReadOnly(readOnly);
        if (m_unitBox)
            m_unitBox->setEnabled(!readOnly);
    }
    QWidget* focusTarget() const override { return m_edit; }
    QString localProblem() const override { return m_problem; }
    void describe(const QString& name, const QString& description) override
    {
        AnswerControl::describe(name, description);
        if (m_unitBox)
            m_unitBox->setAccessibleName(tr("Unit for %1").arg(name));
    }

private:
    void edited()
    {
        Parsed parsed = textToAnswer(ItemType::Decimal, m_edit->text());
        m_problem = parsed.problem;
        if (!parsed.answer) {
            report({});
            return;
        }
        json quantity{{"value", (*parsed.answer)["valueDecimal"]}};
        if (!m_units.empty()) {
            const json& unit = m_units[m_unitBox ? std::size_t(std::max(0, m_unitBox->currentIndex())) : 0];
            quantity["unit"] = unit.value("display", unit.value("code", std::string()));
            if (unit.contains("system"))
                quantity["system"] = unit["system"];
            if (unit.contains("code"))
                quantity["code"] = unit["code"];
        }
        report({json{{"valueQuantity", quantity}}});
    }

    QLineEdit* m_edit = nullptr;
    QComboBox* m_unitBox = nullptr;
    std::vector<json> m_units;
    QString m_problem;
};

// ---------------------------------------------------------------------------------------------
// A slider for integers (and decimals on whole steps) between minValue and maxValue.
class SliderControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::SliderControl) // the context lupdate gives it

public:
    SliderControl(const QuestionnaireItem& item, QWidget* parent) : AnswerControl(item, parent)
    {
        auto* layout = row(this);
        m_slider = new QSlider(Qt::Horizontal, this);
        const int low = limit(item.minValue, 0);
        const int high = std::max(limit(item.maxValue, 10), low + 1);
        int step = 1;
        for (const json& e : extensions(item, "http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue"))
            step = std::max(1, e.value("valueInteger", 1));
        m_slider->setRange(low, high);
        m_slider->setSingleStep(step);
        m_slider->setPageStep(step);
        m_slider->setTickPosition(QSlider::TicksBelow);
        m_slider->setTickInterval(step);
        m_slider->setMinimumWidth(280);
        auto* lowLabel = new QLabel(QString::number(low), this);
        auto* highLabel = new QLabel(QString::number(high), this);
        m_value = new QLabel(this);
        m_value->setObjectName(QStringLiteral("sliderValue"));
        m_value->setMinimumWidth(120);
        m_clear = new QToolButton(this);
        m_clear->setText(tr("Clear"));
        m_clear->setAccessibleName(tr("Clear the answer"));
        layout->addWidget(lowLabel);
        layout->addWidget(m_slider, 1);
        layout->addWidget(highLabel);
        layout->addWidget(m_value);
        layout->addWidget(m_clear);
        connect(m_slider, &QSlider::valueChanged, this, [this](int v) {
            if (m_showing)
                return;
            m_answered = true;
            updateLabel();
            report({m_item.type == ItemType::Decimal ? json{{"valueDecimal", v}} : json{{"valueInteger", v}}});
        });
        connect(m_clear, &QToolButton::clicked, this, [this] {
            m_answered = false;
            updateLabel();
            report({});
        });
        updateLabel();
    }

    void showAnswers(const Answers& answers) override
    {
        m_showing = true;
        m_answered = !answers.empty();
        if (m_answered) {
            const json& a = answers.front();
            const json v = a.contains("valueInteger") ? a["valueInteger"] : a.value("valueDecimal", json(0));
            m_slider->setValue(v.is_number() ? int(v.get<double>()) : 0);
        } else {
            m_slider->setValue(m_slider->minimum());
        }
        m_showing = false;
        updateLabel();
    }
    void setReadOnly(bool readOnly) override
    {
        m_slider->setEnabled(!readOnly);
        m_clear->setEnabled(!readOnly);
    }
    QWidget* focusTarget() const override { return m_slider; }

private:
    static int limit(const std::optional<json>& value, int fallback)
    {
        if (!value || value->empty())
            return fallback;
        const json& v = value->begin().value();
        return v.is_number() ? int(v.get<double>()) : fallback;
    }
    void updateLabel()
    {
        m_value->setText(m_answered ? tr("Chosen: %1").arg(m_slider->value()) : tr("Not answered"));
        m_slider->setAccessibleDescription(m_value->text());
    }

    QSlider* m_slider = nullptr;
    QLabel* m_value = nullptr;
    QToolButton* m_clear = nullptr;
    bool m_answered = false;
    bool m_showing = false;
};

// ---------------------------------------------------------------------------------------------
// A calculated value (scores): read-only, focusable so keyboard and screen-reader users reach it.
class CalculatedControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::CalculatedControl) // the context lupdate gives it

public:
    CalculatedControl(const QuestionnaireItem& item, QWidget* parent) : AnswerControl(item, parent)
    {
        auto* layout = row(this);
        m_value = new QLineEdit(this);
        m_value->setObjectName(QStringLiteral("calculated"));
        m_value->setReadOnly(true);
        m_value->setMaximumWidth(200);
        layout->addWidget(m_value);
        auto* note = new QLabel(tr("Worked out by the form"), this);
        note->setObjectName(QStringLiteral("hint"));
        layout->addWidget(note);
        layout->addStretch(1);
    }
    void showAnswers(const Answers& answers) override
    {
        m_value->setText(answers.empty() ? tr("Not yet known") : answerToText(m_item, answers.front()));
    }
    void setReadOnly(bool) override {}
    QWidget* focusTarget() const override { return m_value; }

private:
    QLineEdit* m_value = nullptr;
};

// ---------------------------------------------------------------------------------------------
// Answer types Avocet cannot take yet (attachments) or options it cannot reach off-line.
class NoteControl : public AnswerControl
{
    Q_DECLARE_TR_FUNCTIONS(avocet::ui::forms::NoteControl) // the context lupdate gives it

public:
    NoteControl(const QuestionnaireItem& item, const QString& note, QWidget* parent) : AnswerControl(item, parent)
    {
        auto* layout = row(this);
        m_note = new QLabel(note, this);
        m_note->setObjectName(QStringLiteral("hint"));
        m_note->setWordWrap(true);
        m_note->setFocusPolicy(Qt::TabFocus);
        layout->addWidget(m_note, 1);
    }
    void showAnswers(const Answers& answers) override
    {
        if (!answers.empty())
            m_note->setText(tr("Answer kept from an earlier version: %1").arg(answerToText(m_item, answers.front())));
    }
    void setReadOnly(bool) override {}
    QWidget* focusTarget() const override { return m_note; }

private:
    QLabel* m_note = nullptr;
};

} // namespace

AnswerControl::AnswerControl(const QuestionnaireItem& item, QWidget* parent) : QWidget(parent), m_item(item) {}

void AnswerControl::describe(const QString& name, const QString& description)
{
    for (QWidget* w : findChildren<QWidget*>()) {
        if (w->focusPolicy() == Qt::NoFocus || !w->accessibleName().isEmpty())
            continue;
        w->setAccessibleName(name);
        w->setAccessibleDescription(description);
    }
    if (QWidget* target = focusTarget()) {
        target->setAccessibleName(name);
        target->setAccessibleDescription(description);
    }
}

AnswerControl* AnswerControl::create(const QuestionnaireItem& item, QWidget* parent)
{
    if (item.isCalculated())
        return new CalculatedControl(item, parent);
    const std::string& control = item.itemControl;
    switch (item.type) {
    case ItemType::Boolean:
        return new BooleanControl(item, parent);
    case ItemType::Text:
        return new TextControl(item, parent);
    case ItemType::Choice:
    case ItemType::OpenChoice: {
        const bool open = item.type == ItemType::OpenChoice;
        if (item.answerExpression && item.answerOptions.empty()) // choices change: a drop-down refilled on refresh
            return new ComboControl(item, {}, open, parent);
        if (item.answerOptions.empty() && !open)
            return new NoteControl(item,
                                   tr("The choices for this question come from a terminology server that Avocet "
                                      "cannot reach off-line, so it cannot be answered here."),
                                   parent);
        if (open && item.repeats)
            return new OpenChoiceListControl(item, parent);
        if (control == "autocomplete" || control == "lookup" || open)
            return new ComboControl(item, item.answerOptions, true, parent);
        if (control == "drop-down")
            return new ComboControl(item, item.answerOptions, false, parent);
        if (control == "check-box" || item.repeats)
            return new ButtonsControl(item, item.answerOptions, item.repeats, true, parent);
        if (control == "radio-button" || item.answerOptions.size() <= 6)
            return new ButtonsControl(item, item.answerOptions, false, false, parent);
        return new ComboControl(item, item.answerOptions, false, parent);
    }
    case ItemType::Quantity:
        return new QuantityControl(item, parent);
    case ItemType::Integer:
    case ItemType::Decimal:
        if (control == "slider")
            return new SliderControl(item, parent);
        [[fallthrough]];
    case ItemType::String:
    case ItemType::Url:
    case ItemType::Date:
    case ItemType::DateTime:
    case ItemType::Time:
    case ItemType::Reference:
        if (item.repeats)
            return new TextControl(item, parent);
        return new LineControl(item, parent);
    default:
        return new NoteControl(item, tr("Avocet cannot take this kind of answer (%1) yet.").arg(qs(item.typeCode)),
                               parent);
    }
}

} // namespace avocet::ui::forms

#include "ui/forms/FormItemWidget.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

#include "ui/forms/AnswerControl.h"
#include "ui/forms/AnswerText.h"

namespace avocet::ui::forms {

using core::forms::ItemType;
using core::forms::QuestionnaireItem;

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

// SDC questionnaire-disabledDisplay: "protected" greys a disabled item instead of hiding it.
bool greyWhenDisabled(const QuestionnaireItem& item)
{
    if (item.source == nullptr)
        return false;
    auto ext = item.source->find("extension");
    if (ext == item.source->end() || !ext->is_array())
        return false;
    for (const auto& e : *ext) {
        if (e.is_object() && e.value("url", std::string()) ==
                                 "http://hl7.org/fhir/StructureDefinition/questionnaire-disabledDisplay")
            return e.value("valueCode", std::string()) == "protected";
    }
    return false;
}

QString helpTextOf(const QuestionnaireItem& item)
{
    QStringList parts;
    for (const auto& child : item.items) {
        if (child.type == ItemType::Display && child.itemControl == "help")
            parts << qs(child.text);
    }
    return parts.join(QLatin1Char('\n'));
}

QString hintsFor(const QuestionnaireItem& item)
{
    QStringList hints;
    const QString low = item.minValue ? limitText(*item.minValue) : QString();
    const QString high = item.maxValue ? limitText(*item.maxValue) : QString();
    if (!low.isEmpty() && !high.isEmpty())
        hints << FormItemWidget::tr("Between %1 and %2.").arg(low, high);
    else if (!low.isEmpty())
        hints << FormItemWidget::tr("At least %1.").arg(low);
    else if (!high.isEmpty())
        hints << FormItemWidget::tr("At most %1.").arg(high);
    if (item.maxLength && item.type != ItemType::Text)
        hints << FormItemWidget::tr("Up to %1 characters.").arg(*item.maxLength);
    if (!item.entryFormat.empty())
        hints << FormItemWidget::tr("Format: %1").arg(qs(item.entryFormat));
    else if (!item.regex.empty())
        hints << FormItemWidget::tr("Must be written in the form's required pattern.");
    if (item.repeats && item.type != ItemType::Choice && item.type != ItemType::OpenChoice && !item.isGroup())
        hints << FormItemWidget::tr("You can give more than one answer.");
    return hints.join(QLatin1Char(' '));
}

QLabel* hintLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setObjectName(QStringLiteral("hint"));
    label->setWordWrap(true);
    return label;
}

QLabel* makeProblemLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(QStringLiteral("fieldError"));
    label->setWordWrap(true);
    label->setVisible(false);
    return label;
}

// "item 9, item 5" for these scored items (by their prefix, else their linkId).
QString itemNames(const core::forms::Questionnaire& questionnaire, const std::vector<std::string>& linkIds)
{
    QStringList names;
    for (const std::string& linkId : linkIds) {
        QString prefix;
        if (const auto* item = questionnaire.findItem(linkId))
            prefix = QString::fromStdString(item->prefix).trimmed();
        while (prefix.endsWith(QLatin1Char('.')) || prefix.endsWith(QLatin1Char(')')))
            prefix.chop(1);
        names << FormItemWidget::tr("item %1").arg(prefix.isEmpty() ? QString::fromStdString(linkId) : prefix);
    }
    return QLocale().createSeparatedList(names);
}

// What a clinician needs to know about a total that is not a plain sum of every item.
QString scoreNote(const core::forms::Questionnaire& questionnaire, const core::forms::ScoreStatus& status)
{
    using Outcome = core::forms::ScoreStatus::Outcome;
    if (status.outcome == Outcome::Complete)
        return {};
    QString count = FormItemWidget::tr("%1 of %2 answered").arg(status.answered).arg(status.of);
    if (!status.declined.empty())
        count += FormItemWidget::tr("; declined: %1").arg(itemNames(questionnaire, status.declined));
    switch (status.outcome) {
    case Outcome::Complete: return {};
    case Outcome::NoneAnswered: return FormItemWidget::tr("%1: no total yet.").arg(count);
    case Outcome::NeverEstimated:
        return FormItemWidget::tr("%1: no total, because %2 is never estimated.")
            .arg(count, itemNames(questionnaire, status.unestimable));
    case Outcome::TooManyMissing:
        return status.maxMissing == 0
                   ? FormItemWidget::tr("%1: no total until every item is answered.").arg(count)
                   : FormItemWidget::tr("%1: no total, because at most %n item(s) may be missing.", "", status.maxMissing)
                         .arg(count);
    case Outcome::Prorated:
        return FormItemWidget::tr("%1: total estimated from the answered items, as the published rule allows.").arg(count);
    }
    return {};
}

} // namespace

QToolButton* makeHelpButton(const QString& helpText, QLabel* target, QWidget* parent)
{
    auto* button = new QToolButton(parent);
    button->setObjectName(QStringLiteral("help"));
    button->setText(QStringLiteral("?"));
    button->setCheckable(true);
    button->setToolTip(helpText);
    button->setAccessibleName(FormItemWidget::tr("Help"));
    button->setAccessibleDescription(helpText);
    target->setText(helpText);
    target->setObjectName(QStringLiteral("helpText"));
    target->setWordWrap(true);
    target->setVisible(false);
    QObject::connect(button, &QToolButton::toggled, target, &QLabel::setVisible);
    return button;
}

FormItemWidget::FormItemWidget(const QuestionnaireItem& item, std::size_t instance, QWidget* parent)
    : QFrame(parent), m_item(item), m_instance(instance), m_greyWhenDisabled(greyWhenDisabled(item))
{
    setProperty("linkId", qs(item.linkId));
    setProperty("instance", qulonglong(instance));
}

void FormItemWidget::refresh(const RefreshState& state)
{
    m_enabled = state.session.isEnabled(m_item.linkId, m_instance);
    if (m_greyWhenDisabled)
        setEnabled(m_enabled);
    else
        setVisible(m_enabled);
}

DisplayItemWidget::DisplayItemWidget(const QuestionnaireItem& item, std::size_t instance, QWidget* parent)
    : FormItemWidget(item, instance, parent)
{
    setObjectName(QStringLiteral("formDisplay"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 2, 0, 2);
    auto* text = new QLabel(itemTitle(item), this);
    text->setWordWrap(true);
    text->setTextFormat(Qt::PlainText);
    text->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    text->setFocusPolicy(Qt::TabFocus); // so a screen-reader user tabbing through hears it
    text->setAccessibleName(text->text());
    layout->addWidget(text);
}

QuestionWidget::QuestionWidget(const QuestionnaireItem& item, std::size_t instance, bool compact, QWidget* parent)
    : FormItemWidget(item, instance, parent)
{
    setObjectName(QStringLiteral("formQuestion"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, compact ? 0 : 6, 0, compact ? 0 : 6);
    layout->setSpacing(4);
    m_name = itemTitle(item);

    QLabel* title = nullptr;
    if (!compact) {
        auto* top = new QHBoxLayout;
        top->setSpacing(6);
        title = new QLabel(this);
        title->setObjectName(QStringLiteral("questionTitle"));
        title->setWordWrap(true);
        title->setTextFormat(Qt::RichText);
        QString html = m_name.toHtmlEscaped();
        if (item.required && !item.readOnly)
            html += QStringLiteral(" <span style=\"color:#d5281b\">*</span>");
        title->setText(html);
        top->addWidget(title, 1);
        const QString help = helpTextOf(item);
        if (!help.isEmpty()) {
            m_help = new QLabel(this);
            top->addWidget(makeHelpButton(help, m_help, this), 0, Qt::AlignTop);
        }
        layout->addLayout(top);
        if (m_help)
            layout->addWidget(m_help);
    }
    m_hints = hintsFor(item);
    if (!compact && !m_hints.isEmpty())
        layout->addWidget(hintLabel(m_hints, this));
    m_problem = makeProblemLabel(this);
    layout->addWidget(m_problem);

    m_control = AnswerControl::create(item, this);
    layout->addWidget(m_control);
    if (item.isCalculated() && core::forms::hasScoreRule(item)) {
        m_scoreNote = new QLabel(this);
        m_scoreNote->setObjectName(QStringLiteral("scoreNote"));
        m_scoreNote->setWordWrap(true);
        m_scoreNote->setVisible(false);
        layout->addWidget(m_scoreNote);
    }
    if (item.readOnly || item.isCalculated())
        m_control->setReadOnly(true);
    if (title && m_control->focusTarget())
        title->setBuddy(m_control->focusTarget());

    QString description = m_hints;
    if (item.required)
        description = tr("Required.") + (description.isEmpty() ? QString() : QLatin1Char(' ') + description);
    if (item.readOnly && !item.isCalculated())
        description = tr("Read only.") + (description.isEmpty() ? QString() : QLatin1Char(' ') + description);
    m_control->describe(m_name, description);

    // Items nested under a question (not help text) follow it, indented.
    bool nested = false;
    for (const auto& child : item.items)
        nested = nested || !(child.type == ItemType::Display && child.itemControl == "help");
    if (nested) {
        m_children = new QVBoxLayout;
        m_children->setContentsMargins(24, 4, 0, 0);
        layout->addLayout(m_children);
    }
}

QString QuestionWidget::localProblem() const { return m_control->localProblem(); }

void QuestionWidget::showAnswers(const std::vector<nlohmann::json>& answers) { m_control->showAnswers(answers); }

void QuestionWidget::refresh(const RefreshState& state)
{
    FormItemWidget::refresh(state);
    if (m_item.isCalculated())
        m_control->showAnswers(state.session.answers(m_item.linkId, m_instance));
    if (m_scoreNote) {
        const auto status = state.session.scoreStatus(m_item.linkId);
        const QString note = status ? scoreNote(state.session.questionnaire(), *status) : QString();
        if (note != m_scoreNote->text()) {
            m_scoreNote->setText(note);
            m_scoreNote->setAccessibleName(note);
        }
        m_scoreNote->setVisible(!note.isEmpty());
    }
    if (m_item.answerExpression && m_item.answerOptions.empty()) {
        // SDC answerExpression: the engine works out the choices; refill the control when they change.
        auto values = state.session.expressionOptions(m_item.linkId, m_instance);
        if (values != m_expressionOptions) {
            std::vector<core::forms::AnswerOption> options;
            for (const auto& value : values) {
                core::forms::AnswerOption option;
                option.valueKey = value.begin().key();
                option.value = value.begin().value();
                options.push_back(std::move(option));
            }
            if (m_control->setOptions(options))
                m_control->showAnswers(state.session.answers(m_item.linkId, m_instance));
            m_expressionOptions = std::move(values);
        }
    }
    QStringList messages;
    if (!m_rejected.isEmpty())
        messages << m_rejected;
    const QString local = m_control->localProblem();
    if (!local.isEmpty())
        messages << local;
    else if (m_enabled && (state.showAllIssues || state.touched.count(key()))) {
        if (auto it = state.issues.find(key()); it != state.issues.end())
            messages << it->second;
    }
    const QString text = messages.join(QLatin1Char('\n'));
    if (text == m_shownProblem)
        return;
    m_shownProblem = text;
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
    setProperty("hasProblem", !text.isEmpty());
    style()->unpolish(this); // the red edge comes from the stylesheet's [hasProblem] rule
    style()->polish(this);
    QString description = m_hints;
    if (m_item.required)
        description = tr("Required.") + (description.isEmpty() ? QString() : QLatin1Char(' ') + description);
    if (!text.isEmpty())
        description = tr("Problem: %1").arg(text) + QLatin1Char(' ') + description;
    m_control->describe(m_name, description);
}

GroupWidget::GroupWidget(const QuestionnaireItem& item, std::size_t instance, int depth, QWidget* parent)
    : FormItemWidget(item, instance, parent)
{
    setObjectName(depth == 0 ? QStringLiteral("formSection") : QStringLiteral("formSubsection"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(depth == 0 ? 16 : 12, 10, 12, 10);
    layout->setSpacing(6);
    if (!item.text.empty() || !item.prefix.empty()) {
        auto* top = new QHBoxLayout;
        auto* title = new QLabel(itemTitle(item), this);
        title->setObjectName(depth == 0 ? QStringLiteral("sectionTitle") : QStringLiteral("subsectionTitle"));
        title->setWordWrap(true);
        title->setAccessibleName(title->text());
        top->addWidget(title, 1);
        const QString help = helpTextOf(item);
        QLabel* helpLabel = nullptr;
        if (!help.isEmpty()) {
            helpLabel = new QLabel(this);
            top->addWidget(makeHelpButton(help, helpLabel, this), 0, Qt::AlignTop);
        }
        layout->addLayout(top);
        if (helpLabel)
            layout->addWidget(helpLabel);
    }
    setAccessibleName(itemTitle(item));
    m_problem = makeProblemLabel(this);
    layout->addWidget(m_problem);
    m_children = new QVBoxLayout;
    m_children->setSpacing(4);
    layout->addLayout(m_children);
}

QPushButton* GroupWidget::addRemoveButton(const QString& text)
{
    m_remove = new QPushButton(text, this);
    m_remove->setObjectName(QStringLiteral("removeInstance"));
    m_remove->setAccessibleName(text);
    auto* row = new QHBoxLayout;
    row->addStretch(1);
    row->addWidget(m_remove);
    static_cast<QVBoxLayout*>(layout())->addLayout(row);
    return m_remove;
}

void GroupWidget::refresh(const RefreshState& state)
{
    FormItemWidget::refresh(state);
    QString text;
    if (m_enabled && state.showAllIssues) {
        if (auto it = state.issues.find(key()); it != state.issues.end())
            text = it->second.join(QLatin1Char('\n'));
    }
    m_problem->setText(text);
    m_problem->setVisible(!text.isEmpty());
}

} // namespace avocet::ui::forms

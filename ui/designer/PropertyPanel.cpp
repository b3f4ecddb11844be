#include "ui/designer/PropertyPanel.h"
#include "core/metrics/MetricLibrary.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <type_traits>

#include "core/forms/QuestionnaireLinter.h"
#include "core/forms/SdcExtensions.h"
#include "ui/ActionGuard.h"
#include "ui/designer/DesignerBuilders.h"
#include "ui/designer/DesignerDocument.h"
#include "ui/designer/JsonFields.h"

namespace avocet::ui::designer {

namespace {

using nlohmann::json;
namespace forms = core::forms;

QString qs(const std::string& text) { return QString::fromStdString(text); }
std::string ss(const QString& text) { return text.toStdString(); }

const QStringList& itemTypes()
{
    static const QStringList types{
        QStringLiteral("group"),   QStringLiteral("display"),  QStringLiteral("boolean"), QStringLiteral("decimal"),
        QStringLiteral("integer"), QStringLiteral("date"),     QStringLiteral("dateTime"), QStringLiteral("time"),
        QStringLiteral("string"),  QStringLiteral("text"),     QStringLiteral("choice"),  QStringLiteral("open-choice"),
        QStringLiteral("quantity"), QStringLiteral("attachment"), QStringLiteral("url"),  QStringLiteral("reference")};
    return types;
}

// valueInteger / valueDate ... for min, max and initial values of this item type.
std::string valueKeyFor(const std::string& type)
{
    static const std::map<std::string, std::string> keys{
        {"integer", "valueInteger"}, {"decimal", "valueDecimal"}, {"date", "valueDate"}, {"dateTime", "valueDateTime"},
        {"time", "valueTime"},       {"boolean", "valueBoolean"}, {"string", "valueString"}, {"text", "valueString"},
        {"url", "valueUri"}};
    const auto found = keys.find(type);
    return found == keys.end() ? std::string() : found->second;
}

json typedValue(const std::string& key, const QString& text)
{
    if (key == "valueInteger") {
        bool ok = false;
        const long long value = text.toLongLong(&ok);
        return ok ? json(value) : json();
    }
    if (key == "valueDecimal") {
        bool ok = false;
        const double value = text.toDouble(&ok);
        return ok ? json(value) : json();
    }
    if (key == "valueBoolean")
        return text.trimmed() == QStringLiteral("true");
    return ss(text);
}

// Imported templates may hold anything; the panel never throws on a wrongly typed element.
bool flag(const json& holder, const char* key) { return fields::isTrue(holder, key); }

std::string text(const json& holder, const char* key) { return fields::text(holder, key); }

// The FHIRPath of an extension's valueExpression; empty when there is none.
std::string expressionOf(const json* extension)
{
    return extension ? fields::text(fields::object(*extension, "valueExpression"), "expression") : std::string();
}

// The UCUM code of a unit extension's valueCoding.
std::string unitCodeOf(const json* extension)
{
    return extension ? fields::text(fields::object(*extension, "valueCoding"), "code") : std::string();
}

QString valueText(const json& holder)
{
    if (!holder.is_object())
        return {};
    for (auto it = holder.begin(); it != holder.end(); ++it)
        if (it.key().rfind("value", 0) == 0)
            return it.value().is_string() ? qs(it.value().get<std::string>()) : qs(it.value().dump());
    return {};
}

// The first initial value as the panel shows it (a choice's option code).
QString initialText(const json& item)
{
    const json& initials = fields::array(item, "initial");
    if (initials.empty())
        return {};
    const json& coding = fields::member(initials[0], "valueCoding");
    return coding.is_object() ? qs(fields::text(coding, "code")) : valueText(initials[0]);
}

} // namespace

PropertyPanel::PropertyPanel(DesignerDocument& document, QWidget* parent) : QWidget(parent), m_document(document)
{
    build();
    connect(&m_document, &DesignerDocument::changed, this, guarded(tr("Show the item's properties"), [this] { reload(); }));
    showItem({});
}

QLineEdit* PropertyPanel::line(const QString& name)
{
    auto* edit = new QLineEdit(this);
    edit->setObjectName(name);
    return edit;
}

void PropertyPanel::build()
{
    auto* outer = new QVBoxLayout(this);
    m_heading = new QLabel(this);
    m_heading->setObjectName(QStringLiteral("propertyHeading"));
    m_heading->setWordWrap(true);
    outer->addWidget(m_heading);
    m_form = new QWidget(this);
    auto* form = new QFormLayout(m_form);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    // A narrow panel puts a field under its label rather than pushing the window wider.
    form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    outer->addWidget(m_form);
    outer->addStretch();

    m_id = line(QStringLiteral("linkId"));
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("type"));
    m_type->addItems(itemTypes());
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("text"));
    m_text->setFixedHeight(60);
    m_text->setTabChangesFocus(true); // Tab moves on, as in every other field; the text needs no tab
    m_prefix = line(QStringLiteral("prefix"));
    auto* flags = new QWidget(this);
    auto* flagRow = new QGridLayout(flags); // two by two: narrow enough beside the labels
    flagRow->setContentsMargins(0, 0, 0, 0);
    m_required = new QCheckBox(tr("Required"), flags);
    m_repeats = new QCheckBox(tr("Repeats"), flags);
    m_readOnly = new QCheckBox(tr("Read-only"), flags);
    m_hidden = new QCheckBox(tr("Hidden"), flags);
    int flagIndex = 0;
    for (auto [box, name] : {std::pair{m_required, "required"}, {m_repeats, "repeats"}, {m_readOnly, "readOnly"},
                              {m_hidden, "hidden"}}) {
        box->setObjectName(QString::fromLatin1(name));
        flagRow->addWidget(box, flagIndex / 2, flagIndex % 2);
        ++flagIndex;
    }
    m_maxLength = new QSpinBox(this);
    m_maxLength->setObjectName(QStringLiteral("maxLength"));
    m_maxLength->setRange(0, 1'000'000);
    m_maxLength->setSpecialValueText(tr("no limit"));
    m_initial = line(QStringLiteral("initial"));
    m_initial->setPlaceholderText(tr("value, or an option code"));
    m_control = new QComboBox(this);
    m_control->setObjectName(QStringLiteral("itemControl"));
    m_control->addItem(tr("(default)"), QString());
    for (const char* code : {"drop-down", "radio-button", "check-box", "autocomplete", "slider", "page", "tab-container",
                             "gtable", "help"})
        m_control->addItem(QString::fromLatin1(code), QString::fromLatin1(code));
    m_min = line(QStringLiteral("minValue"));
    m_max = line(QStringLiteral("maxValue"));
    m_regex = line(QStringLiteral("regex"));
    m_entryFormat = line(QStringLiteral("entryFormat"));
    m_unit = line(QStringLiteral("unit"));
    m_unit->setPlaceholderText(tr("UCUM code, e.g. h, kg, mmol/L"));

    auto withButton = [this](QLabel*& label, QPushButton*& button, const QString& text, const QString& name) {
        auto* box = new QWidget(this);
        auto* row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        label = new QLabel(box);
        label->setWordWrap(true);
        label->setObjectName(name + QStringLiteral("Summary"));
        button = new QPushButton(text, box);
        button->setObjectName(name + QStringLiteral("Button"));
        row->addWidget(label, 1);
        row->addWidget(button);
        return box;
    };
    QWidget* conditions = withButton(m_conditions, m_conditionsButton, tr("Conditions…"), QStringLiteral("enableWhen"));
    m_behavior = new QComboBox(this);
    m_behavior->setObjectName(QStringLiteral("enableBehavior"));
    m_behavior->addItem(tr("(not stated)"), QString());
    m_behavior->addItem(tr("all"), QStringLiteral("all"));
    m_behavior->addItem(tr("any"), QStringLiteral("any"));
    QWidget* options = withButton(m_options, m_optionsButton, tr("Answers…"), QStringLiteral("answerOption"));
    QWidget* codes = withButton(m_codes, m_codesButton, tr("Codes…"), QStringLiteral("code"));
    m_calculated = new QPlainTextEdit(this);
    m_calculated->setObjectName(QStringLiteral("calculatedExpression"));
    m_calculated->setFixedHeight(54);
    m_calculated->setTabChangesFocus(true);
    m_scoreButton = new QPushButton(tr("Score builder…"), this);
    m_scoreButton->setObjectName(QStringLiteral("scoreButton"));
    m_variables = new QPlainTextEdit(this);
    m_variables->setObjectName(QStringLiteral("variable"));
    m_variables->setPlaceholderText(tr("one per line: name = FHIRPath expression"));
    m_variables->setFixedHeight(48);
    m_variables->setTabChangesFocus(true);
    m_enableWhenExpression = line(QStringLiteral("enableWhenExpression"));
    m_enableWhenExpression->setPlaceholderText(tr("FHIRPath, e.g. %age > 17"));
    m_initialExpression = line(QStringLiteral("initialExpression"));
    m_initialExpression->setPlaceholderText(tr("FHIRPath, once when a new copy opens"));
    m_answerExpression = line(QStringLiteral("answerExpression"));
    m_answerExpression->setPlaceholderText(tr("FHIRPath that lists the options"));
    m_valueSet = new QComboBox(this);
    m_valueSet->setObjectName(QStringLiteral("answerValueSet"));
    m_valueSet->setEditable(true);
    m_valueSet->setInsertPolicy(QComboBox::NoInsert);
    m_valueSet->lineEdit()->setPlaceholderText(tr("pick a contained value set or type a canonical URL"));
    m_valueSetProblem = new QLabel(this);
    m_valueSetProblem->setObjectName(QStringLiteral("answerValueSetProblem"));
    m_valueSetProblem->setWordWrap(true);
    m_valueSetProblem->setStyleSheet(QStringLiteral("color: #8a1f11;"));

    form->addRow(tr("linkId"), m_id);
    form->addRow(tr("Type"), m_type);
    form->addRow(tr("Text"), m_text);
    form->addRow(tr("Prefix"), m_prefix);
    form->addRow(QString(), flags);
    form->addRow(tr("Max length"), m_maxLength);
    form->addRow(tr("Initial"), m_initial);
    form->addRow(tr("Control"), m_control);
    form->addRow(tr("Min / max"), [&] {
        auto* box = new QWidget(this);
        auto* row = new QHBoxLayout(box);
        row->setContentsMargins(0, 0, 0, 0);
        row->addWidget(m_min);
        row->addWidget(m_max);
        return box;
    }());
    form->addRow(tr("Pattern (regex)"), m_regex);
    form->addRow(tr("Entry format"), m_entryFormat);
    form->addRow(tr("Unit"), m_unit);
    form->addRow(tr("Shown when"), conditions);
    form->addRow(tr("Behaviour"), m_behavior);
    form->addRow(tr("Answers"), options);
    form->addRow(tr("Codes"), codes);
    m_metrics = new QLabel(this);
    m_metrics->setObjectName(QStringLiteral("itemMetrics"));
    m_metrics->setWordWrap(true);
    m_metrics->setToolTip(tr("Performance metrics that count this item. Changing or removing it changes their figures."));
    form->addRow(tr("Read by metrics"), m_metrics);
    form->addRow(tr("Calculated"), m_calculated);
    form->addRow(QString(), m_scoreButton);
    form->addRow(tr("Variables"), m_variables);
    form->addRow(tr("Shown when (expression)"), m_enableWhenExpression);
    form->addRow(tr("Initial (expression)"), m_initialExpression);
    form->addRow(tr("Answers (expression)"), m_answerExpression);
    form->addRow(tr("Answer value set"), m_valueSet);
    form->addRow(QString(), m_valueSetProblem);

    // Text fields commit when editing finishes, each as one undoable edit.
    // Every handler runs behind the action guard: an exception ends as a message in the designer.
    connect(m_id, &QLineEdit::editingFinished, this, guarded(tr("Rename"), [this] {
        const std::string to = ss(m_id->text().trimmed());
        if (m_loading || to == m_linkId)
            return;
        const std::string from = m_linkId;
        m_linkId = to;
        apply(tr("Rename %1").arg(qs(from)), [from, to](forms::TemplateEditor& e) { return e.renameLinkId(from, to); });
        if (!m_document.editor().item(to))
            m_linkId = from;
        Q_EMIT linkIdRenamed(qs(m_linkId));
    }));
    connect(m_type, &QComboBox::activated, this, guarded(tr("Change type"), [this] {
        apply(tr("Change type"), [v = ss(m_type->currentText()), id = m_linkId](forms::TemplateEditor& e) {
            return e.setField(id, "type", v);
        });
    }));
    for (auto* edit : {m_prefix, m_initial, m_min, m_max, m_regex, m_entryFormat, m_unit})
        connect(edit, &QLineEdit::editingFinished, this, guarded(tr("Edit properties"), [this] { commitLineEdits(); }));
    for (auto* edit : {m_enableWhenExpression, m_initialExpression, m_answerExpression})
        connect(edit, &QLineEdit::editingFinished, this, guarded(tr("Edit expression"), [this] { commitExpressions(); }));
    connect(m_valueSet->lineEdit(), &QLineEdit::editingFinished, this,
            guarded(tr("Set answer value set"), [this] { commitValueSet(); }));
    connect(m_valueSet, &QComboBox::activated, this, guarded(tr("Set answer value set"), [this] { commitValueSet(); }));
    connect(m_text, &QPlainTextEdit::textChanged, this, guarded(tr("Edit text"), [this] {
        if (m_loading)
            return;
        apply(tr("Edit text"), [v = ss(m_text->toPlainText()), id = m_linkId](forms::TemplateEditor& e) {
            return e.setField(id, "text", v);
        });
    }));
    for (auto [box, key] : {std::pair{m_required, "required"}, {m_repeats, "repeats"}, {m_readOnly, "readOnly"}})
        connect(box, &QCheckBox::toggled, this, guarded(tr("Set %1").arg(QString::fromLatin1(key)), [this, key = std::string(key)](bool on) {
            apply(tr("Set %1").arg(qs(key)), [id = m_linkId, key, on](forms::TemplateEditor& e) {
                return e.setField(id, key, on);
            });
        }));
    connect(m_hidden, &QCheckBox::toggled, this, guarded(tr("Set hidden"), [this](bool on) {
        apply(tr("Set hidden"), [id = m_linkId, on](forms::TemplateEditor& e) { return e.setHidden(id, on); });
    }));
    connect(m_maxLength, &QSpinBox::editingFinished, this, guarded(tr("Set max length"), [this] {
        const int value = m_maxLength->value();
        apply(tr("Set max length"), [id = m_linkId, value](forms::TemplateEditor& e) {
            return e.setField(id, "maxLength", value > 0 ? json(value) : json());
        });
    }));
    connect(m_control, &QComboBox::activated, this, guarded(tr("Set control"), [this] {
        apply(tr("Set control"), [id = m_linkId, code = ss(m_control->currentData().toString())](forms::TemplateEditor& e) {
            return e.setItemControl(id, code);
        });
    }));
    connect(m_behavior, &QComboBox::activated, this, guarded(tr("Set enableBehavior"), [this] {
        apply(tr("Set enableBehavior"), [id = m_linkId, v = ss(m_behavior->currentData().toString())](forms::TemplateEditor& e) {
            return e.setField(id, "enableBehavior", v);
        });
    }));
    connect(m_calculated, &QPlainTextEdit::textChanged, this, guarded(tr("Edit calculation"), [this] {
        if (m_loading)
            return;
        apply(tr("Edit calculation"), [id = m_linkId, v = ss(m_calculated->toPlainText().trimmed())](forms::TemplateEditor& e) {
            return e.setCalculatedExpression(id, v);
        });
    }));
    connect(m_variables, &QPlainTextEdit::textChanged, this, guarded(tr("Edit variables"), [this] {
        if (m_loading)
            return;
        std::vector<std::pair<std::string, std::string>> variables;
        for (const QString& row : m_variables->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const auto equals = row.indexOf(QLatin1Char('='));
            if (equals > 0)
                variables.emplace_back(ss(row.left(equals).trimmed()), ss(row.mid(equals + 1).trimmed()));
        }
        apply(tr("Edit variables"), [id = m_linkId, variables](forms::TemplateEditor& e) { return e.setVariables(id, variables); });
    }));
    connect(m_conditionsButton, &QPushButton::clicked, this, guarded(tr("Edit conditions"), [this] {
        EnableWhenBuilder builder(m_document.questionnaire(), m_linkId, this);
        if (builder.exec() != QDialog::Accepted)
            return;
        const json chosen = builder.conditions();
        const std::string behavior = chosen.size() > 1 ? ss(builder.behavior()) : std::string();
        apply(tr("Edit conditions"), [id = m_linkId, chosen, behavior](forms::TemplateEditor& e) {
            if (auto s = e.setField(id, "enableWhen", chosen); !s)
                return s;
            return e.setField(id, "enableBehavior", behavior);
        });
    }));
    // The dialogs get a copy of the list: the document may change while they are open.
    connect(m_optionsButton, &QPushButton::clicked, this, guarded(tr("Edit answers"), [this] {
        const json* item = m_document.editor().item(m_linkId);
        const json current = item ? fields::member(*item, "answerOption") : json();
        CodeListEditor editor(CodeListEditor::Mode::AnswerOptions, current, this);
        if (editor.exec() == QDialog::Accepted)
            apply(tr("Edit answers"), [id = m_linkId, v = editor.result()](forms::TemplateEditor& e) {
                return e.setField(id, "answerOption", v);
            });
    }));
    connect(m_codesButton, &QPushButton::clicked, this, guarded(tr("Edit codes"), [this] {
        const json* item = m_document.editor().item(m_linkId);
        const json current = item ? fields::member(*item, "code") : json();
        CodeListEditor editor(CodeListEditor::Mode::ItemCodes, current, this);
        if (editor.exec() == QDialog::Accepted)
            apply(tr("Edit codes"), [id = m_linkId, v = editor.result()](forms::TemplateEditor& e) {
                return e.setField(id, "code", v);
            });
    }));
    connect(m_scoreButton, &QPushButton::clicked, this, guarded(tr("Build a score"), [this] {
        ScoreBuilder builder(m_document.questionnaire(), m_linkId, m_calculated->toPlainText(), this);
        if (builder.exec() != QDialog::Accepted)
            return;
        apply(tr("Build score"), [id = m_linkId, v = ss(builder.expression())](forms::TemplateEditor& e) {
            if (auto s = e.setCalculatedExpression(id, v); !s)
                return s;
            return e.setField(id, "readOnly", true);
        });
    }));
}

QWidget* PropertyPanel::editor(const QString& property) const { return findChild<QWidget*>(property); }

void PropertyPanel::apply(const QString& what, const std::function<core::Status(forms::TemplateEditor&)>& edit)
{
    if (m_loading || m_linkId.empty())
        return;
    if (core::Status status = m_document.edit(what, edit); !status)
        Q_EMIT problem(qs(status.message()));
}

void PropertyPanel::commitLineEdits()
{
    if (m_loading || m_linkId.empty())
        return;
    const json* item = m_document.editor().item(m_linkId);
    if (!item)
        return;
    const std::string type = text(*item, "type");
    const std::string key = valueKeyFor(type);
    const QString prefix = m_prefix->text();
    const QString initial = m_initial->text().trimmed();
    const QString minText = m_min->text().trimmed();
    const QString maxText = m_max->text().trimmed();
    const QString regex = m_regex->text();
    const QString entryFormat = m_entryFormat->text();
    const QString unit = m_unit->text().trimmed();
    apply(tr("Edit properties"), [=, id = m_linkId](forms::TemplateEditor& e) -> core::Status {
        if (auto s = e.setField(id, "prefix", ss(prefix)); !s)
            return s;
        // Choice questions take the option code as their initial answer (initialSelected is kept as written).
        json initialValue;
        if (!initial.isEmpty()) {
            if (type == "choice" || type == "open-choice") {
                if (const json* current = e.item(id))
                    for (const json& option : fields::array(*current, "answerOption"))
                        if (const json& coding = fields::member(option, "valueCoding");
                            coding.is_object() && qs(fields::text(coding, "code")) == initial)
                            initialValue = json::array({json{{"valueCoding", coding}}});
            } else if (!key.empty()) {
                initialValue = json::array({json{{key, typedValue(key, initial)}}});
            }
        }
        const json* current = e.item(id);
        const bool initialUnchanged = current && !fields::array(*current, "initial").empty() && initialText(*current) == initial;
        if (!initialUnchanged)
            if (auto s = e.setField(id, "initial", initialValue); !s)
                return s;
        for (const auto& [url, text] : {std::pair{std::string(forms::ext::kMinValue), minText}, {forms::ext::kMaxValue, maxText}}) {
            const json* existing = e.extension(id, url);
            if (existing && valueText(*existing) == text)
                continue;
            if (auto s = e.setExtension(id, url, key.empty() ? "valueInteger" : key,
                                        text.isEmpty() ? json() : typedValue(key, text));
                !s)
                return s;
        }
        for (const auto& [url, text] : {std::pair{std::string(forms::ext::kRegex), regex}, {forms::ext::kEntryFormat, entryFormat}}) {
            const json* existing = e.extension(id, url);
            if (existing && valueText(*existing) == text)
                continue;
            if (auto s = e.setExtension(id, url, "valueString", text.isEmpty() ? json() : json(ss(text))); !s)
                return s;
        }
        const QString currentUnit = qs(unitCodeOf(e.extension(id, forms::ext::kUnit)));
        if (currentUnit != unit)
            return e.setUnit(id, ss(unit), ss(unit));
        return core::Status::success();
    });
}

// The SDC expressions beside calculatedExpression: each one undoable edit, an empty field removes it.
void PropertyPanel::commitExpressions()
{
    if (m_loading || m_linkId.empty())
        return;
    const std::vector<std::pair<std::string, std::string>> wanted = {
        {forms::ext::kEnableWhenExpression, ss(m_enableWhenExpression->text().trimmed())},
        {forms::ext::kInitialExpression, ss(m_initialExpression->text().trimmed())},
        {forms::ext::kAnswerExpression, ss(m_answerExpression->text().trimmed())}};
    const forms::TemplateEditor& current = m_document.editor();
    std::vector<std::pair<std::string, std::string>> changed;
    for (const auto& [url, expression] : wanted) {
        if (expressionOf(current.extension(m_linkId, url)) != expression)
            changed.emplace_back(url, expression);
    }
    if (changed.empty())
        return;
    apply(tr("Edit expression"), [id = m_linkId, changed](forms::TemplateEditor& e) -> core::Status {
        for (const auto& [url, expression] : changed) {
            const json value = expression.empty()
                                   ? json()
                                   : json{{"language", "text/fhirpath"}, {"expression", expression}};
            if (auto s = e.setExtension(id, url, "valueExpression", value); !s)
                return s;
        }
        return core::Status::success();
    });
}

// answerValueSet: a contained ValueSet picked from the list ("#id") or a canonical URL typed in.
void PropertyPanel::commitValueSet()
{
    if (m_loading || m_linkId.empty())
        return;
    QString chosen = m_valueSet->currentText().trimmed();
    const QVariant picked = m_valueSet->currentData();
    if (picked.isValid() && m_valueSet->itemText(m_valueSet->currentIndex()) == chosen)
        chosen = picked.toString();
    const json* item = m_document.editor().item(m_linkId);
    if (!item || qs(text(*item, "answerValueSet")) == chosen)
        return;
    apply(tr("Set answer value set"), [id = m_linkId, v = ss(chosen)](forms::TemplateEditor& e) {
        return e.setField(id, "answerValueSet", v.empty() ? json() : json(v));
    });
}

void PropertyPanel::reloadExpressions(const forms::TemplateEditor& editor, const json& item)
{
    auto expression = [&](const char* url) { return qs(expressionOf(editor.extension(m_linkId, url))); };
    m_enableWhenExpression->setText(expression(forms::ext::kEnableWhenExpression));
    m_initialExpression->setText(expression(forms::ext::kInitialExpression));
    m_answerExpression->setText(expression(forms::ext::kAnswerExpression));

    m_valueSet->clear();
    m_valueSet->addItem(QString(), QString());
    for (const json& contained : fields::array(editor.json(), "contained"))
        if (fields::text(contained, "resourceType") == "ValueSet" && !fields::text(contained, "id").empty()) {
            const QString ref = QStringLiteral("#") + qs(fields::text(contained, "id"));
            const QString title = qs(fields::text(contained, "title", fields::text(contained, "name")));
            m_valueSet->addItem(title.isEmpty() ? ref : tr("%1 (contained: %2)").arg(ref, title), ref);
        }
    const QString current = qs(text(item, "answerValueSet"));
    const int index = m_valueSet->findData(current);
    if (index >= 0)
        m_valueSet->setCurrentIndex(index);
    else
        m_valueSet->setEditText(current);

    // What the linter says about this item's value set (it does not resolve, or it is empty).
    QStringList problems;
    if (!current.isEmpty())
        if (auto parsed = forms::Questionnaire::fromJson(editor.json()); parsed.ok()) {
            for (const auto& finding : forms::QuestionnaireLinter(*parsed).run())
                if (finding.linkId == m_linkId && finding.message.find("value set") != std::string::npos)
                    problems << qs(finding.message);
        }
    m_valueSetProblem->setText(problems.join(QLatin1Char('\n')));
    m_valueSetProblem->setVisible(!problems.isEmpty());
}

void PropertyPanel::showItem(const std::string& linkId)
{
    m_linkId = linkId;
    reload();
}

void PropertyPanel::reload()
{
    const forms::TemplateEditor& editor = m_document.editor();
    const json* item = m_linkId.empty() ? nullptr : editor.item(m_linkId);
    m_form->setEnabled(item != nullptr);
    if (!item) {
        m_heading->setText(tr("Select an item in the tree to see and change its properties."));
        return;
    }
    m_loading = true;
    const struct Loaded // m_loading ends with this function, however it ends
    {
        bool& loading;
        ~Loaded() { loading = false; }
    } loaded{m_loading};
    const std::string type = text(*item, "type");
    m_heading->setText(tr("<b>%1</b> (%2)").arg(qs(m_linkId).toHtmlEscaped(), qs(type)));
    m_id->setText(qs(m_linkId));
    m_type->setCurrentIndex(std::max(0, m_type->findText(qs(type))));
    if (m_text->toPlainText() != qs(text(*item, "text")))
        m_text->setPlainText(qs(text(*item, "text")));
    m_prefix->setText(qs(text(*item, "prefix")));
    m_required->setChecked(flag(*item, "required"));
    m_repeats->setChecked(flag(*item, "repeats"));
    m_readOnly->setChecked(flag(*item, "readOnly"));
    const json* hidden = editor.extension(m_linkId, forms::ext::kHidden);
    m_hidden->setChecked(hidden && flag(*hidden, "valueBoolean"));
    const json& maxLength = fields::member(*item, "maxLength");
    m_maxLength->setValue(maxLength.is_number_integer() ? static_cast<int>(std::clamp<long long>(maxLength.get<long long>(), 0,
                                                                                                   m_maxLength->maximum()))
                                                        : 0);
    m_initial->setText(initialText(*item));
    const json* control = editor.extension(m_linkId, forms::ext::kItemControl);
    QString controlCode;
    if (control)
        for (const json& coding : fields::array(fields::object(*control, "valueCodeableConcept"), "coding"))
            controlCode = qs(fields::text(coding, "code"));
    m_control->setCurrentIndex(std::max(0, m_control->findData(controlCode)));
    auto extText = [&](const char* url) {
        const json* found = editor.extension(m_linkId, url);
        return found ? valueText(*found) : QString();
    };
    m_min->setText(extText(forms::ext::kMinValue));
    m_max->setText(extText(forms::ext::kMaxValue));
    m_regex->setText(extText(forms::ext::kRegex));
    m_entryFormat->setText(extText(forms::ext::kEntryFormat));
    m_unit->setText(qs(unitCodeOf(editor.extension(m_linkId, forms::ext::kUnit))));
    QStringList conditions;
    for (const json& condition : fields::array(*item, "enableWhen"))
        conditions << describeCondition(condition);
    m_conditions->setText(conditions.isEmpty() ? tr("always") : conditions.join(QStringLiteral("; ")));
    m_behavior->setCurrentIndex(std::max(0, m_behavior->findData(qs(text(*item, "enableBehavior")))));
    QStringList options;
    for (const json& option : fields::array(*item, "answerOption")) {
        const json& coding = fields::member(option, "valueCoding");
        options << (coding.is_object() ? qs(fields::text(coding, "display", fields::text(coding, "code")))
                    : option.is_object() ? valueText(option)
                                         : qs(option.dump()));
    }
    m_options->setText(options.isEmpty() ? tr("none") : options.join(QStringLiteral(", ")));
    QStringList codes;
    for (const json& coding : fields::array(*item, "code")) {
        const std::string system = fields::text(coding, "system");
        const QString label = system == forms::kSnomedSystem ? QStringLiteral("SNOMED CT")
                              : system == forms::kLoincSystem ? QStringLiteral("LOINC")
                                                              : qs(system).section(QLatin1Char('/'), -1);
        codes << QStringLiteral("%1 %2").arg(label, qs(fields::text(coding, "code")));
    }
    m_codes->setText(codes.isEmpty() ? tr("none") : codes.join(QStringLiteral(", ")));
    {
        QStringList readers;
        if (auto library = core::metrics::MetricLibrary::builtin(); library) {
            std::vector<core::metrics::ItemCode> itemCodes;
            for (const json& coding : fields::array(*item, "code"))
                itemCodes.push_back({fields::text(coding, "system"), fields::text(coding, "code")});
            const std::string url = fields::text(editor.json(), "url");
            for (const auto* metric : core::metrics::metricsReadingItem(library->latest(), url, m_linkId, itemCodes))
                readers << qs(metric->title);
        }
        m_metrics->setText(readers.isEmpty() ? tr("none") : readers.join(QStringLiteral("; ")));
    }
    const QString calcText = qs(expressionOf(editor.extension(m_linkId, forms::ext::kCalculatedExpression)));
    if (m_calculated->toPlainText().trimmed() != calcText)
        m_calculated->setPlainText(calcText);
    QStringList variables;
    for (const json& ext : fields::array(*item, "extension"))
        if (fields::text(ext, "url") == forms::ext::kVariable) {
            const json& expression = fields::object(ext, "valueExpression");
            variables << QStringLiteral("%1 = %2").arg(qs(fields::text(expression, "name")),
                                                       qs(fields::text(expression, "expression")));
        }
    if (m_variables->toPlainText() != variables.join(QLatin1Char('\n')))
        m_variables->setPlainText(variables.join(QLatin1Char('\n')));
    reloadExpressions(editor, *item);
    const bool isChoice = type == "choice" || type == "open-choice";
    m_optionsButton->setEnabled(isChoice);
    m_scoreButton->setEnabled(type == "integer" || type == "decimal");
    m_loading = false;
}

} // namespace avocet::ui::designer

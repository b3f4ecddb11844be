#include "ui/designer/PropertyPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/forms/QuestionnaireLinter.h"
#include "core/forms/SdcExtensions.h"
#include "ui/designer/DesignerBuilders.h"
#include "ui/designer/DesignerDocument.h"

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
bool flag(const json& holder, const char* key)
{
    return holder.is_object() && holder.contains(key) && holder[key].is_boolean() && holder[key].get<bool>();
}

std::string text(const json& holder, const char* key)
{
    return holder.is_object() && holder.contains(key) && holder[key].is_string() ? holder[key].get<std::string>()
                                                                                   : std::string();
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

} // namespace

PropertyPanel::PropertyPanel(DesignerDocument& document, QWidget* parent) : QWidget(parent), m_document(document)
{
    build();
    connect(&m_document, &DesignerDocument::changed, this, &PropertyPanel::reload);
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
    outer->addWidget(m_form);
    outer->addStretch();

    m_id = line(QStringLiteral("linkId"));
    m_type = new QComboBox(this);
    m_type->setObjectName(QStringLiteral("type"));
    m_type->addItems(itemTypes());
    m_text = new QPlainTextEdit(this);
    m_text->setObjectName(QStringLiteral("text"));
    m_text->setFixedHeight(60);
    m_prefix = line(QStringLiteral("prefix"));
    auto* flags = new QWidget(this);
    auto* flagRow = new QHBoxLayout(flags);
    flagRow->setContentsMargins(0, 0, 0, 0);
    m_required = new QCheckBox(tr("Required"), flags);
    m_repeats = new QCheckBox(tr("Repeats"), flags);
    m_readOnly = new QCheckBox(tr("Read-only"), flags);
    m_hidden = new QCheckBox(tr("Hidden"), flags);
    for (auto [box, name] : {std::pair{m_required, "required"}, {m_repeats, "repeats"}, {m_readOnly, "readOnly"},
                              {m_hidden, "hidden"}}) {
        box->setObjectName(QString::fromLatin1(name));
        flagRow->addWidget(box);
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
    m_scoreButton = new QPushButton(tr("Score builder…"), this);
    m_scoreButton->setObjectName(QStringLiteral("scoreButton"));
    m_variables = new QPlainTextEdit(this);
    m_variables->setObjectName(QStringLiteral("variable"));
    m_variables->setPlaceholderText(tr("one per line: name = FHIRPath expression"));
    m_variables->setFixedHeight(48);
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
    form->addRow(tr("Calculated"), m_calculated);
    form->addRow(QString(), m_scoreButton);
    form->addRow(tr("Variables"), m_variables);
    form->addRow(tr("Shown when (expression)"), m_enableWhenExpression);
    form->addRow(tr("Initial (expression)"), m_initialExpression);
    form->addRow(tr("Answers (expression)"), m_answerExpression);
    form->addRow(tr("Answer value set"), m_valueSet);
    form->addRow(QString(), m_valueSetProblem);

    // Text fields commit when editing finishes, each as one undoable edit.
    connect(m_id, &QLineEdit::editingFinished, this, [this] {
        const std::string to = ss(m_id->text().trimmed());
        if (m_loading || to == m_linkId)
            return;
        const std::string from = m_linkId;
        m_linkId = to;
        apply(tr("Rename %1").arg(qs(from)), [from, to](forms::TemplateEditor& e) { return e.renameLinkId(from, to); });
        if (!m_document.editor().item(to))
            m_linkId = from;
        Q_EMIT linkIdRenamed(qs(m_linkId));
    });
    connect(m_type, &QComboBox::activated, this, [this] {
        apply(tr("Change type"), [v = ss(m_type->currentText()), id = m_linkId](forms::TemplateEditor& e) {
            return e.setField(id, "type", v);
        });
    });
    for (auto* edit : {m_prefix, m_initial, m_min, m_max, m_regex, m_entryFormat, m_unit})
        connect(edit, &QLineEdit::editingFinished, this, &PropertyPanel::commitLineEdits);
    for (auto* edit : {m_enableWhenExpression, m_initialExpression, m_answerExpression})
        connect(edit, &QLineEdit::editingFinished, this, &PropertyPanel::commitExpressions);
    connect(m_valueSet->lineEdit(), &QLineEdit::editingFinished, this, &PropertyPanel::commitValueSet);
    connect(m_valueSet, &QComboBox::activated, this, &PropertyPanel::commitValueSet);
    connect(m_text, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        apply(tr("Edit text"), [v = ss(m_text->toPlainText()), id = m_linkId](forms::TemplateEditor& e) {
            return e.setField(id, "text", v);
        });
    });
    for (auto [box, key] : {std::pair{m_required, "required"}, {m_repeats, "repeats"}, {m_readOnly, "readOnly"}})
        connect(box, &QCheckBox::toggled, this, [this, key = std::string(key)](bool on) {
            apply(tr("Set %1").arg(qs(key)), [id = m_linkId, key, on](forms::TemplateEditor& e) {
                return e.setField(id, key, on);
            });
        });
    connect(m_hidden, &QCheckBox::toggled, this, [this](bool on) {
        apply(tr("Set hidden"), [id = m_linkId, on](forms::TemplateEditor& e) { return e.setHidden(id, on); });
    });
    connect(m_maxLength, &QSpinBox::editingFinished, this, [this] {
        const int value = m_maxLength->value();
        apply(tr("Set max length"), [id = m_linkId, value](forms::TemplateEditor& e) {
            return e.setField(id, "maxLength", value > 0 ? json(value) : json());
        });
    });
    connect(m_control, &QComboBox::activated, this, [this] {
        apply(tr("Set control"), [id = m_linkId, code = ss(m_control->currentData().toString())](forms::TemplateEditor& e) {
            return e.setItemControl(id, code);
        });
    });
    connect(m_behavior, &QComboBox::activated, this, [this] {
        apply(tr("Set enableBehavior"), [id = m_linkId, v = ss(m_behavior->currentData().toString())](forms::TemplateEditor& e) {
            return e.setField(id, "enableBehavior", v);
        });
    });
    connect(m_calculated, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        apply(tr("Edit calculation"), [id = m_linkId, v = ss(m_calculated->toPlainText().trimmed())](forms::TemplateEditor& e) {
            return e.setCalculatedExpression(id, v);
        });
    });
    connect(m_variables, &QPlainTextEdit::textChanged, this, [this] {
        if (m_loading)
            return;
        std::vector<std::pair<std::string, std::string>> variables;
        for (const QString& row : m_variables->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const auto equals = row.indexOf(QLatin1Char('='));
            if (equals > 0)
                variables.emplace_back(ss(row.left(equals).trimmed()), ss(row.mid(equals + 1).trimmed()));
        }
        apply(tr("Edit variables"), [id = m_linkId, variables](forms::TemplateEditor& e) { return e.setVariables(id, variables); });
    });
    connect(m_conditionsButton, &QPushButton::clicked, this, [this] {
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
    });
    connect(m_optionsButton, &QPushButton::clicked, this, [this] {
        const json* item = m_document.editor().item(m_linkId);
        CodeListEditor editor(CodeListEditor::Mode::AnswerOptions, item ? item->value("answerOption", json()) : json(), this);
        if (editor.exec() == QDialog::Accepted)
            apply(tr("Edit answers"), [id = m_linkId, v = editor.result()](forms::TemplateEditor& e) {
                return e.setField(id, "answerOption", v);
            });
    });
    connect(m_codesButton, &QPushButton::clicked, this, [this] {
        const json* item = m_document.editor().item(m_linkId);
        CodeListEditor editor(CodeListEditor::Mode::ItemCodes, item ? item->value("code", json()) : json(), this);
        if (editor.exec() == QDialog::Accepted)
            apply(tr("Edit codes"), [id = m_linkId, v = editor.result()](forms::TemplateEditor& e) {
                return e.setField(id, "code", v);
            });
    });
    connect(m_scoreButton, &QPushButton::clicked, this, [this] {
        ScoreBuilder builder(m_document.questionnaire(), m_linkId, m_calculated->toPlainText(), this);
        if (builder.exec() != QDialog::Accepted)
            return;
        apply(tr("Build score"), [id = m_linkId, v = ss(builder.expression())](forms::TemplateEditor& e) {
            if (auto s = e.setCalculatedExpression(id, v); !s)
                return s;
            return e.setField(id, "readOnly", true);
        });
    });
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
                const json* current = e.item(id);
                if (current && current->contains("answerOption"))
                    for (const json& option : (*current)["answerOption"])
                        if (option.contains("valueCoding") && qs(option["valueCoding"].value("code", std::string())) == initial)
                            initialValue = json::array({json{{"valueCoding", option["valueCoding"]}}});
            } else if (!key.empty()) {
                initialValue = json::array({json{{key, typedValue(key, initial)}}});
            }
        }
        const json* current = e.item(id);
        const bool initialUnchanged = current && current->contains("initial") &&
                                      valueText((*current)["initial"][0]) == initial;
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
        const json* unitExt = e.extension(id, forms::ext::kUnit);
        const QString currentUnit = unitExt ? qs(unitExt->value("valueCoding", json::object()).value("code", std::string())) : QString();
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
    const forms::TemplateEditor current = m_document.editor();
    std::vector<std::pair<std::string, std::string>> changed;
    for (const auto& [url, expression] : wanted) {
        const json* existing = current.extension(m_linkId, url);
        const std::string now = existing ? existing->value("valueExpression", json::object()).value("expression", std::string())
                                         : std::string();
        if (now != expression)
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
    auto expressionOf = [&](const char* url) {
        const json* found = editor.extension(m_linkId, url);
        return found ? qs(found->value("valueExpression", json::object()).value("expression", std::string())) : QString();
    };
    m_enableWhenExpression->setText(expressionOf(forms::ext::kEnableWhenExpression));
    m_initialExpression->setText(expressionOf(forms::ext::kInitialExpression));
    m_answerExpression->setText(expressionOf(forms::ext::kAnswerExpression));

    m_valueSet->clear();
    m_valueSet->addItem(QString(), QString());
    for (const json& contained : editor.json().value("contained", json::array()))
        if (contained.value("resourceType", std::string()) == "ValueSet" && contained.contains("id")) {
            const QString ref = QStringLiteral("#") + qs(contained.value("id", std::string()));
            const QString title = qs(contained.value("title", contained.value("name", std::string())));
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
    const forms::TemplateEditor editor = m_document.editor();
    const json* item = m_linkId.empty() ? nullptr : editor.item(m_linkId);
    m_form->setEnabled(item != nullptr);
    if (!item) {
        m_heading->setText(tr("Select an item in the tree to see and change its properties."));
        return;
    }
    m_loading = true;
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
    m_maxLength->setValue(item->contains("maxLength") && (*item)["maxLength"].is_number_integer()
                              ? (*item)["maxLength"].get<int>()
                              : 0);
    QString initial;
    if (item->contains("initial") && (*item)["initial"].is_array() && !(*item)["initial"].empty()) {
        const json& first = (*item)["initial"][0];
        initial = first.contains("valueCoding") ? qs(first["valueCoding"].value("code", std::string())) : valueText(first);
    }
    m_initial->setText(initial);
    const json* control = editor.extension(m_linkId, forms::ext::kItemControl);
    QString controlCode;
    if (control && control->contains("valueCodeableConcept"))
        for (const json& coding : (*control)["valueCodeableConcept"].value("coding", json::array()))
            controlCode = qs(coding.value("code", std::string()));
    m_control->setCurrentIndex(std::max(0, m_control->findData(controlCode)));
    auto extText = [&](const char* url) {
        const json* found = editor.extension(m_linkId, url);
        return found ? valueText(*found) : QString();
    };
    m_min->setText(extText(forms::ext::kMinValue));
    m_max->setText(extText(forms::ext::kMaxValue));
    m_regex->setText(extText(forms::ext::kRegex));
    m_entryFormat->setText(extText(forms::ext::kEntryFormat));
    const json* unit = editor.extension(m_linkId, forms::ext::kUnit);
    m_unit->setText(unit ? qs(unit->value("valueCoding", json::object()).value("code", std::string())) : QString());
    QStringList conditions;
    for (const json& condition : item->value("enableWhen", json::array()))
        conditions << describeCondition(condition);
    m_conditions->setText(conditions.isEmpty() ? tr("always") : conditions.join(QStringLiteral("; ")));
    m_behavior->setCurrentIndex(std::max(0, m_behavior->findData(qs(text(*item, "enableBehavior")))));
    QStringList options;
    for (const json& option : item->value("answerOption", json::array()))
        options << (option.contains("valueCoding")
                        ? qs(option["valueCoding"].value("display", option["valueCoding"].value("code", std::string())))
                        : valueText(option));
    m_options->setText(options.isEmpty() ? tr("none") : options.join(QStringLiteral(", ")));
    QStringList codes;
    for (const json& coding : item->value("code", json::array())) {
        const std::string system = coding.value("system", std::string());
        const QString label = system == forms::kSnomedSystem ? QStringLiteral("SNOMED CT")
                              : system == forms::kLoincSystem ? QStringLiteral("LOINC")
                                                              : qs(system).section(QLatin1Char('/'), -1);
        codes << QStringLiteral("%1 %2").arg(label, qs(coding.value("code", std::string())));
    }
    m_codes->setText(codes.isEmpty() ? tr("none") : codes.join(QStringLiteral(", ")));
    const json* calculated = editor.extension(m_linkId, forms::ext::kCalculatedExpression);
    const QString calcText = calculated ? qs(calculated->value("valueExpression", json::object()).value("expression", std::string()))
                                        : QString();
    if (m_calculated->toPlainText().trimmed() != calcText)
        m_calculated->setPlainText(calcText);
    QStringList variables;
    for (const json& ext : item->value("extension", json::array()))
        if (ext.value("url", std::string()) == forms::ext::kVariable) {
            const json expression = ext.value("valueExpression", json::object());
            variables << QStringLiteral("%1 = %2").arg(qs(expression.value("name", std::string())),
                                                       qs(expression.value("expression", std::string())));
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

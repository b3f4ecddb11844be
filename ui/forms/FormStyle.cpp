#include "ui/forms/FormStyle.h"

namespace avocet::ui::forms {

QString formStyleSheet()
{
    return QStringLiteral(R"qss(
#formView { background: #f0f4f5; }
#formScroll, #formContent { background: #f0f4f5; }
#formHeader { background: #ffffff; border-bottom: 1px solid #d8dde0; }
#formFooter { background: #ffffff; border-top: 2px solid #d8dde0; }
QLabel#formTitle { font-size: 17pt; font-weight: 600; color: #212b32; }
QLabel#hint { color: #4c6272; }
QLabel#unit { color: #212b32; font-weight: 600; }
QFrame#formSection {
    background: #ffffff;
    border: 1px solid #d8dde0;
    border-radius: 6px;
}
QFrame#formSubsection, QFrame#tableRow {
    background: #ffffff;
    border: none;
    border-left: 4px solid #d8dde0;
}
QLabel#sectionTitle { font-size: 14pt; font-weight: 600; color: #212b32; }
QLabel#subsectionTitle { font-size: 12pt; font-weight: 600; color: #212b32; }
QLabel#columnTitle { font-weight: 600; color: #212b32; }
QLabel#questionTitle { font-weight: 600; color: #212b32; }
QLabel#fieldError {
    color: #8a1538;
    font-weight: 600;
    border-left: 5px solid #d5281b;
    padding: 2px 8px;
}
QFrame#formQuestion[hasProblem="true"] { border-left: 5px solid #d5281b; padding-left: 8px; }
QLabel#helpText { background: #e8f1fa; border-left: 5px solid #005eb8; padding: 6px 10px; }
QToolButton#help {
    border: 2px solid #005eb8; border-radius: 11px; color: #005eb8; font-weight: 700;
    min-width: 18px; min-height: 18px; max-width: 18px; max-height: 18px;
}
QToolButton#help:checked { background: #005eb8; color: #ffffff; }
QToolButton#help:focus { background: #ffeb3b; color: #212b32; border-color: #212b32; }
QLineEdit#calculated {
    font-size: 15pt; font-weight: 700; color: #212b32;
    background: #e8edee; border: 2px solid #aeb7bd;
}
QLabel#saveStatus { color: #007f3b; font-weight: 600; }
QLabel#saveStatus[problem="true"] { color: #d5281b; }
QLabel#formSummary { color: #212b32; }
QLabel#pageLabel { font-weight: 600; }
QRadioButton, QCheckBox { spacing: 8px; padding: 3px 2px; }
QRadioButton::indicator, QCheckBox::indicator { width: 20px; height: 20px; }
QRadioButton:focus, QCheckBox:focus { background: #ffeb3b; color: #212b32; }
QPlainTextEdit {
    background: #ffffff; border: 2px solid #4c6272; border-radius: 3px; padding: 4px;
}
QPlainTextEdit:focus { border: 3px solid #212b32; background: #fffde7; }
QLineEdit:disabled, QPlainTextEdit:read-only { background: #f0f4f5; color: #4c6272; }
QSlider:focus { background: #fffde7; }
QToolButton {
    background: #ffffff; border: 2px solid #4c6272; border-radius: 4px; padding: 5px 10px; font-weight: 600;
}
QToolButton::menu-indicator { image: none; width: 0; }
QLabel#scoreStrip {
    background: #e8f1fa; border-left: 6px solid #005eb8; padding: 6px 10px; font-size: 12pt; font-weight: 600;
}
#formScroll QScrollBar:vertical { background: #e8edee; width: 14px; margin: 0; }
#formScroll QScrollBar::handle:vertical { background: #768692; border-radius: 5px; min-height: 40px; margin: 2px; }
#formScroll QScrollBar::add-line:vertical, #formScroll QScrollBar::sub-line:vertical { height: 0; }
QToolButton:focus { background: #ffeb3b; }
QPushButton#addInstance, QPushButton#removeInstance { padding: 5px 12px; font-weight: 600; }
QTabWidget#formTabs::pane { border-top: 2px solid #d8dde0; }
QTabBar::tab { padding: 8px 16px; font-weight: 600; }
QTabBar::tab:selected { border-bottom: 4px solid #005eb8; }
QTabBar::tab:focus { background: #ffeb3b; }
QLabel:focus, QLabel#scoreStrip:focus { background: #ffeb3b; color: #212b32; }
)qss");
}

} // namespace avocet::ui::forms

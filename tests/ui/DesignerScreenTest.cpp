// avocet_designer_screen_ui_tests: the designer on the screens change managers have (a 1366x768
// laptop and a 1600x1000 monitor). The offscreen platform is given both screens by this test's own
// main(). The window fits the screen's available area, the property panel scrolls instead of
// covering the preview, and the Versions and impact tab can be seen and opened with one click.
#include <QApplication>
#include <QDir>
#include <QFile>
#include <QScreen>
#include <QScrollArea>
#include <QTabBar>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>

#include "ui/designer/DesignerWindow.h"
#include "ui/designer/MappingEditor.h"

namespace ud = avocet::ui::designer;

namespace {

QScreen* screenSized(int width, int height)
{
    for (QScreen* screen : QGuiApplication::screens())
        if (screen->geometry().size() == QSize(width, height))
            return screen;
    return nullptr;
}

QRect inWindow(QWidget* widget, QWidget* window) { return QRect(widget->mapTo(window, QPoint()), widget->size()); }

} // namespace

class DesignerScreenTest : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fitsA1366x768ScreenAndEveryTabCanBeOpened() { fitsAndReachesEveryTab(1366, 768, "designer-1366x768.png"); }
    void fitsA1600x1000ScreenAndEveryTabCanBeOpened() { fitsAndReachesEveryTab(1600, 1000, nullptr); }

private:
    void fitsAndReachesEveryTab(int width, int height, const char* screenshot);
};

void DesignerScreenTest::fitsAndReachesEveryTab(int width, int height, const char* screenshot)
{
    QScreen* screen = screenSized(width, height);
    QVERIFY2(screen, "the offscreen platform was not given the screens this test asks for");
    ud::DesignerWindow window;
    window.setScreen(screen);
    QString error;
    QVERIFY2(window.importFile(QStringLiteral(AVOCET_SOURCE_DIR "/resources/templates/phq9-outcome-1.0.0.json"), &error),
             qPrintable(error));
    window.fitToScreen(screen);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.selectItem(QStringLiteral("phq9-2"));
    QTest::qWait(100);

    // Inside the screen's available area, frame included; never wider or taller than it.
    const QRect available = screen->availableGeometry();
    QVERIFY2(available.contains(window.frameGeometry()),
             qPrintable(QStringLiteral("window %1,%2 %3x%4 on %5x%6")
                            .arg(window.frameGeometry().x())
                            .arg(window.frameGeometry().y())
                            .arg(window.frameGeometry().width())
                            .arg(window.frameGeometry().height())
                            .arg(available.width())
                            .arg(available.height())));
    QVERIFY(window.minimumSizeHint().width() <= available.width());
    QVERIFY(window.minimumSizeHint().height() <= available.height());

    // Tree, properties and tabs side by side: the property panel covers neither the preview nor the
    // tabs, and everything is inside the window.
    QTabWidget* tabs = window.tabs();
    const QRect properties = inWindow(window.propertyScroll(), &window);
    const QRect tabArea = inWindow(tabs, &window);
    QVERIFY2(properties.right() < tabArea.left(), "the property panel overlaps the tabs");
    QVERIFY(tabArea.right() < window.width());
    QVERIFY(properties.width() >= 250);
    QVERIFY(tabArea.width() >= 500);

    // Every tab's label is whole on the tab bar (no scrolling to find it), and one click opens it.
    QTabBar* bar = tabs->tabBar();
    const int versions = tabs->count() - 1;
    QCOMPARE(tabs->tabText(versions), QStringLiteral("Versions and impact"));
    for (int i = 0; i < tabs->count(); ++i)
        QVERIFY2(bar->rect().contains(bar->tabRect(i)), qPrintable(tabs->tabText(i)));
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(versions).center());
    QCOMPARE(tabs->currentIndex(), versions);
    QVERIFY(window.diffTable()->isVisible());
    QVERIFY(window.impactTable()->isVisible());
    QVERIFY(!window.diffTable()->visibleRegion().isEmpty());
    QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(1).center());
    QCOMPARE(tabs->currentIndex(), 1);
    QVERIFY(window.mappingEditor(QStringLiteral("Paris"))->isVisible());

    if (screenshot) {
        QTest::mouseClick(bar, Qt::LeftButton, {}, bar->tabRect(versions).center());
        QTest::qWait(200);
        const QImage image = window.grab().toImage();
        for (const char* dir : {AVOCET_SCREENSHOT_DIR, AVOCET_DOCS_SCREENSHOT_DIR}) {
            QDir().mkpath(QString::fromUtf8(dir));
            const QString path = QString::fromUtf8(dir) + QLatin1Char('/') + QString::fromLatin1(screenshot);
            QVERIFY2(image.save(path), qPrintable(path));
        }
    }
}

// The offscreen platform with two screens, 1366x768 first (the primary) and 1600x1000 beside it.
int main(int argc, char** argv)
{
    const QString config = QStringLiteral(AVOCET_UI_TEST_TMP "/designer-screens.json");
    QFile file(config);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return 2;
    file.write(R"({"screens": [
        {"name": "laptop", "x": 0, "y": 0, "width": 1366, "height": 768, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1},
        {"name": "monitor", "x": 1366, "y": 0, "width": 1600, "height": 1000, "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}
    ]})");
    file.close();
    qputenv("QT_QPA_PLATFORM", QByteArray("offscreen:configfile=") + config.toLocal8Bit());
    QApplication app(argc, argv);
    DesignerScreenTest test;
    return QTest::qExec(&test, argc, argv);
}

#include "DesignerScreenTest.moc"

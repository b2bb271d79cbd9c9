#pragma once

#include <QWizardPage>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QRadioButton;

namespace academy::app {

// Where the data lives (a folder; the platform's app-data folder by default) and which
// database: the embedded SQLite file there, or a PostgreSQL server whose URL can be tried
// on the spot. The values are judged by Config::load and DatabaseUrl::parse, the code that
// reads them at start; the connection test runs on a worker thread.
class WizardDataPage final : public QWizardPage
{
    Q_OBJECT

public:
    explicit WizardDataPage(QWidget *parent = nullptr);

    bool isComplete() const override;
    bool validatePage() override { return isComplete(); }

    QString dataDir() const;
    QString databaseUrl() const; // empty: the embedded SQLite file in dataDir()
    bool isTesting() const { return m_testing; }

private:
    QWidget *buildFolderRow();
    QWidget *buildDatabaseBox();
    void check();
    void browse();
    void testConnection();
    void showTestResult(bool ok, const QString &message);

    QLineEdit *m_dataDir = nullptr;
    QLabel *m_dataDirMessage = nullptr;
    QRadioButton *m_sqlite = nullptr;
    QRadioButton *m_postgres = nullptr;
    QLineEdit *m_url = nullptr;
    QLabel *m_urlMessage = nullptr;
    QPushButton *m_test = nullptr;
    QProgressBar *m_busy = nullptr;
    QLabel *m_testResult = nullptr;
    QString m_cleanDataDir;
    bool m_complete = false;
    bool m_testing = false;
};

} // namespace academy::app

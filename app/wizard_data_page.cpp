#include "wizard_data_page.h"

#include "config.h"
#include "database.h"
#include "database_url.h"

#include <QApplication>
#include <QButtonGroup>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QProgressBar>
#include <QPushButton>
#include <QRadioButton>
#include <QThreadPool>
#include <QVBoxLayout>

namespace academy::app {

namespace {

const QString DataDirVariable = QStringLiteral("DATA_DIR");
const QString DbUrlVariable = QStringLiteral("DB_URL");
const QString ErrorStyle = QStringLiteral("color: #b00020");
const QString SuccessStyle = QStringLiteral("color: #1b5e20");

// DatabaseUrl's messages start with the variable ("DB_URL: ..."), which the field's label
// already says in words.
QString withoutVariable(const QString &message)
{
    const QString prefix = DbUrlVariable + QStringLiteral(": ");
    return message.startsWith(prefix) ? message.mid(prefix.size()) : message;
}

QLabel *messageLabel(const QString &name, QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setObjectName(name);
    label->setWordWrap(true);
    label->setStyleSheet(ErrorStyle);
    label->hide();
    return label;
}

} // namespace

WizardDataPage::WizardDataPage(QWidget *parent) : QWizardPage(parent)
{
    setObjectName(QStringLiteral("dataPage"));
    setTitle(tr("Where the data lives"));
    setSubTitle(tr("The folder holds the database file, the HTTPS certificate and the secret key. "
                   "The default suits one computer; a PostgreSQL server suits several."));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(buildFolderRow());
    layout->addWidget(buildDatabaseBox());
    layout->addStretch(1);
    check();
}

QWidget *WizardDataPage::buildFolderRow()
{
    auto *box = new QWidget(this);
    auto *form = new QFormLayout(box);
    form->setContentsMargins(0, 0, 0, 0);
    m_dataDir = new QLineEdit(Config::defaultDataDir(), box);
    m_dataDir->setObjectName(QStringLiteral("dataDirEdit"));
    m_dataDir->setAccessibleName(tr("Data folder"));
    auto *browse = new QPushButton(tr("&Browse…"), box);
    browse->setObjectName(QStringLiteral("browseButton"));
    browse->setAccessibleName(tr("Choose the data folder"));
    connect(browse, &QPushButton::clicked, this, &WizardDataPage::browse);
    connect(m_dataDir, &QLineEdit::textChanged, this, &WizardDataPage::check);
    auto *row = new QHBoxLayout;
    row->addWidget(m_dataDir, 1);
    row->addWidget(browse);
    m_dataDirMessage = messageLabel(QStringLiteral("dataDirMessage"), box);
    auto *cell = new QVBoxLayout;
    cell->setSpacing(2);
    cell->addLayout(row);
    cell->addWidget(m_dataDirMessage);
    auto *caption = new QLabel(tr("Data &folder:"), box);
    caption->setBuddy(m_dataDir); // makes the & mnemonic work instead of showing it
    form->addRow(caption, cell);
    return box;
}

QWidget *WizardDataPage::buildDatabaseBox()
{
    auto *box = new QGroupBox(tr("Database"), this);
    m_sqlite = new QRadioButton(
        tr("&Embedded SQLite file in the data folder (recommended for one computer)"), box);
    m_sqlite->setObjectName(QStringLiteral("sqliteRadio"));
    m_sqlite->setChecked(true);
    m_postgres = new QRadioButton(tr("&PostgreSQL server:"), box);
    m_postgres->setObjectName(QStringLiteral("postgresRadio"));
    auto *group = new QButtonGroup(box);
    group->addButton(m_sqlite);
    group->addButton(m_postgres);
    m_url = new QLineEdit(box);
    m_url->setObjectName(QStringLiteral("postgresUrlEdit"));
    m_url->setAccessibleName(tr("PostgreSQL URL"));
    m_url->setPlaceholderText(QStringLiteral("postgresql://user:password@host:5432/academy"));
    m_urlMessage = messageLabel(QStringLiteral("postgresUrlMessage"), box);
    m_test = new QPushButton(tr("&Test connection"), box);
    m_test->setObjectName(QStringLiteral("testConnectionButton"));
    m_busy = new QProgressBar(box);
    m_busy->setObjectName(QStringLiteral("connectionBusy"));
    m_busy->setAccessibleName(tr("Testing the connection"));
    m_busy->setRange(0, 0); // no known length: a moving bar that says "working"
    m_busy->setMaximumWidth(120);
    m_busy->hide();
    m_testResult = messageLabel(QStringLiteral("connectionResultLabel"), box);
    m_testResult->setAccessibleName(tr("Connection test result"));
    m_testResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    connect(m_sqlite, &QRadioButton::toggled, this, &WizardDataPage::check);
    connect(m_url, &QLineEdit::textChanged, this, [this] {
        m_testResult->hide(); // the result was about the URL as it was
        check();
    });
    connect(m_test, &QPushButton::clicked, this, &WizardDataPage::testConnection);
    auto *testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addWidget(m_busy);
    testRow->addStretch(1);
    auto *layout = new QVBoxLayout(box);
    layout->addWidget(m_sqlite);
    layout->addWidget(m_postgres);
    layout->addWidget(m_url);
    layout->addWidget(m_urlMessage);
    layout->addLayout(testRow);
    layout->addWidget(m_testResult);
    return box;
}

void WizardDataPage::check()
{
    const bool postgres = m_postgres->isChecked();
    const QString folder = m_dataDir->text().trimmed();
    const QString url = m_url->text().trimmed();
    m_url->setEnabled(postgres);
    m_test->setEnabled(postgres && !url.isEmpty() && !m_testing);
    QString folderProblem = folder.isEmpty() ? tr("Choose a folder for the data.") : QString();
    QString urlProblem;
    if (postgres && url.isEmpty())
        urlProblem = tr("Enter the server's address, e.g. "
                        "postgresql://academy:password@db.school.lan:5432/academy");
    ConfigSources sources;
    sources.settings.insert(DataDirVariable, folder);
    if (postgres)
        sources.settings.insert(DbUrlVariable, url);
    const Result<Config> config = Config::load(sources);
    if (!config && !config.error().details.isEmpty()) {
        const FieldError &problem = config.error().details.first();
        (problem.field == DbUrlVariable ? urlProblem : folderProblem) = problem.message;
    }
    if (config && postgres && urlProblem.isEmpty()) {
        if (const Result<DatabaseUrl> parsed = DatabaseUrl::parse(url); !parsed)
            urlProblem = withoutVariable(parsed.error().message);
    }
    m_cleanDataDir = config && folderProblem.isEmpty() ? config->dataDir : folder;
    m_dataDirMessage->setText(folderProblem);
    m_dataDirMessage->setVisible(!folderProblem.isEmpty());
    m_urlMessage->setText(urlProblem);
    m_urlMessage->setVisible(postgres && !urlProblem.isEmpty() && !url.isEmpty());
    const bool complete = folderProblem.isEmpty() && urlProblem.isEmpty() && config.ok();
    if (complete != m_complete) {
        m_complete = complete;
        Q_EMIT completeChanged();
    }
}

void WizardDataPage::browse()
{
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Where Academy Admin keeps its data"), m_dataDir->text());
    if (!folder.isEmpty())
        m_dataDir->setText(folder);
}

void WizardDataPage::testConnection()
{
    const Result<DatabaseUrl> url = DatabaseUrl::parse(m_url->text().trimmed());
    if (!url) {
        showTestResult(false, withoutVariable(url.error().message));
        return;
    }
    if (url->engine != Engine::PostgreSQL) { // testing would create the SQLite file
        showTestResult(
            false,
            tr("Only a PostgreSQL server can be tested; an SQLite file is created at start."));
        return;
    }
    m_testing = true;
    m_busy->show();
    m_test->setEnabled(false);
    m_testResult->setStyleSheet(QString());
    m_testResult->setText(
        tr("Connecting to %1… (an unreachable server takes up to 5 seconds)").arg(url->redacted()));
    m_testResult->show();
    QPointer<WizardDataPage> self(this);
    const DatabaseUrl target = url.value();
    // A connection attempt can block for seconds: never on the GUI thread.
    QThreadPool::globalInstance()->start([self, target] {
        Database database(target);
        const Status pinged = database.ping();
        database.releaseThisThread();
        const bool ok = pinged.ok();
        const QString message =
            ok ? tr("Connected: %1 answers.").arg(target.redacted()) : pinged.error().message;
        QMetaObject::invokeMethod(
            qApp,
            [self, ok, message] {
                if (self)
                    self->showTestResult(ok, message);
            },
            Qt::QueuedConnection);
    });
}

void WizardDataPage::showTestResult(bool ok, const QString &message)
{
    m_testing = false;
    m_busy->hide();
    m_testResult->setStyleSheet(ok ? SuccessStyle : ErrorStyle);
    m_testResult->setText(message);
    m_testResult->show();
    check();
}

bool WizardDataPage::isComplete() const
{
    return m_complete;
}

QString WizardDataPage::dataDir() const
{
    return m_cleanDataDir;
}

QString WizardDataPage::databaseUrl() const
{
    return m_postgres->isChecked() ? m_url->text().trimmed() : QString();
}

} // namespace academy::app

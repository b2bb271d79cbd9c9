#pragma once

#include "error.h"

#include <QByteArray>
#include <QDialog>

class QLabel;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace academy::app {

class AppContext;
class BackgroundJobs;
struct ImportCheck;

// CSV import in two steps: choosing a file shows its first rows and a dry run that lists
// every bad row with its line and reason; only a file without problems can be imported,
// all or nothing, by StudentService. Reading, checking and importing run off the GUI thread
// behind a busy bar.
class ImportDialog final : public QDialog
{
    Q_OBJECT

public:
    static constexpr int PreviewRecords = 20;

    // Checks `path` at once when it is not empty.
    ImportDialog(AppContext &context, const QString &path, QWidget *parent = nullptr);

    void reject() override; // not while an import is writing

Q_SIGNALS:
    void imported(int count, const QString &path);

private:
    void buildLayout();
    void chooseFile();
    void check(const QString &path);
    void showCheck(const ImportCheck &check);
    void showPreview(const ImportCheck &check);
    void showProblems(const QList<FieldError> &problems);
    void startImport();
    void showImportFailure(const Error &error);
    void setBusy(const QString &text);
    void setIdle(const QString &summary, bool canImport);

    AppContext &m_context;
    BackgroundJobs *m_jobs;
    QString m_path;
    QByteArray m_csv;
    QLabel *m_file;
    QTableWidget *m_preview;
    QLabel *m_summary;
    QTableWidget *m_problems;
    QProgressBar *m_progress;
    QPushButton *m_choose;
    QPushButton *m_import;
};

} // namespace academy::app

#include "file_dialogs.h"

#include <QFileDialog>
#include <optional>

namespace academy::app {

namespace {

std::optional<QString> nextOpen;
std::optional<QString> nextSave;

std::optional<QString> take(std::optional<QString> &queued)
{
    std::optional<QString> answer;
    answer.swap(queued);
    return answer;
}

} // namespace

QString FileDialogs::openFileName(QWidget *parent, const QString &caption, const QString &filter)
{
    if (std::optional<QString> queued = take(nextOpen))
        return *queued;
    return QFileDialog::getOpenFileName(parent, caption, QString(), filter);
}

QString FileDialogs::saveFileName(QWidget *parent, const QString &caption,
                                  const QString &suggestedPath, const QString &filter)
{
    if (std::optional<QString> queued = take(nextSave))
        return *queued;
    return QFileDialog::getSaveFileName(parent, caption, suggestedPath, filter);
}

void FileDialogs::setNextOpenFileName(const QString &path)
{
    nextOpen = path;
}

void FileDialogs::setNextSaveFileName(const QString &path)
{
    nextSave = path;
}

} // namespace academy::app

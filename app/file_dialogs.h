#pragma once

#include <QString>

class QWidget;

namespace academy::app {

// File choosers behind a seam: a GUI test queues the answer the next call returns (as
// KeePassXC's FileDialog does), everyone else gets the platform's QFileDialog.
class FileDialogs final
{
public:
    static QString openFileName(QWidget *parent, const QString &caption, const QString &filter);
    static QString saveFileName(QWidget *parent, const QString &caption,
                                const QString &suggestedPath, const QString &filter);

    // The answer of the next call only; an empty string means "the user cancelled".
    static void setNextOpenFileName(const QString &path);
    static void setNextSaveFileName(const QString &path);
};

} // namespace academy::app

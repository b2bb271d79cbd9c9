#pragma once

#include "error.h"

#include <QSslConfiguration>
#include <QString>

namespace academy::http {

struct TlsIdentity
{
    QSslConfiguration configuration;
    QString fingerprint; // SHA-256 of the certificate (DER), "AB:CD:..."
    QString certificatePath;
    bool generated = false;
};

// Loads TLS_CERT/TLS_KEY when given; otherwise the certificate generated earlier in
// `dataDir`, or a new self-signed EC P-256 one (10 years, SANs: this machine's host name,
// localhost and every address of its interfaces), key file mode 0600.
Result<TlsIdentity> loadOrCreateTlsIdentity(const QString &certPath, const QString &keyPath,
                                            const QString &dataDir);

// "AB:CD:..." SHA-256 fingerprint of a certificate.
QString fingerprintOf(const QSslCertificate &certificate);

} // namespace academy::http

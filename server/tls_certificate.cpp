#include "tls_certificate.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHostInfo>
#include <QNetworkInterface>
#include <QSaveFile>
#include <QSslKey>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace academy::http {

namespace {

template <typename T, void (*Free)(T *)>
using OpenSslPtr = std::unique_ptr<T, decltype([](T *p) { Free(p); })>;

using KeyPtr = OpenSslPtr<EVP_PKEY, EVP_PKEY_free>;
using CertPtr = OpenSslPtr<X509, X509_free>;
using BioPtr = OpenSslPtr<BIO, BIO_free_all>;

constexpr long ValiditySeconds = 10L * 365 * 24 * 3600;

Error tlsError(const QString &what)
{
    return Error::internal(QStringLiteral("TLS: %1").arg(what));
}

QString subjectAltNames()
{
    QStringList names{QStringLiteral("DNS:localhost")};
    const QString host = QHostInfo::localHostName();
    if (!host.isEmpty() && host != QLatin1String("localhost"))
        names << QStringLiteral("DNS:") + host;
    for (const QHostAddress &address : QNetworkInterface::allAddresses()) {
        if (address.protocol() == QAbstractSocket::IPv6Protocol && !address.scopeId().isEmpty())
            continue; // link-local addresses carry a zone no certificate can name
        names << QStringLiteral("IP:") + address.toString();
    }
    names.removeDuplicates();
    return names.join(QLatin1Char(','));
}

bool addExtension(X509 *cert, int nid, const QString &value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    X509_EXTENSION *ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.toLatin1().constData());
    if (!ext)
        return false;
    const bool added = X509_add_ext(cert, ext, -1) == 1;
    X509_EXTENSION_free(ext);
    return added;
}

CertPtr makeCertificate(EVP_PKEY *key)
{
    CertPtr cert(X509_new());
    X509_set_version(cert.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), long(QDateTime::currentSecsSinceEpoch()));
    X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert.get()), ValiditySeconds);
    X509_set_pubkey(cert.get(), key);
    X509_NAME *name = X509_get_subject_name(cert.get());
    const QByteArray cn = QStringLiteral("Academy Admin on %1").arg(QHostInfo::localHostName()).left(64).toUtf8();
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char *>(cn.constData()), -1, -1, 0);
    X509_set_issuer_name(cert.get(), name);
    if (!addExtension(cert.get(), NID_subject_alt_name, subjectAltNames())
        || !addExtension(cert.get(), NID_basic_constraints, QStringLiteral("critical,CA:FALSE"))
        || !addExtension(cert.get(), NID_ext_key_usage, QStringLiteral("serverAuth"))
        || X509_sign(cert.get(), key, EVP_sha256()) == 0)
        return nullptr;
    return cert;
}

QByteArray toPem(const std::function<int(BIO *)> &write)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    if (write(bio.get()) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, int(size));
}

// Writes the file with its final permissions from the first byte on.
bool writePrivate(const QString &path, const QByteArray &bytes, QFileDevice::Permissions permissions)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    file.setPermissions(permissions);
    file.write(bytes);
    return file.commit();
}

Status generate(const QString &certPath, const QString &keyPath)
{
    KeyPtr key(EVP_EC_gen("P-256"));
    if (!key)
        return tlsError(QStringLiteral("could not generate an EC P-256 key"));
    CertPtr cert = makeCertificate(key.get());
    if (!cert)
        return tlsError(QStringLiteral("could not build the certificate"));
    const QByteArray keyPem = toPem([&](BIO *bio) {
        return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    const QByteArray certPem = toPem([&](BIO *bio) { return PEM_write_bio_X509(bio, cert.get()); });
    if (!writePrivate(keyPath, keyPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner)
        || !writePrivate(certPath, certPem, QFileDevice::ReadOwner | QFileDevice::WriteOwner
                                                | QFileDevice::ReadGroup | QFileDevice::ReadOther))
        return tlsError(QStringLiteral("could not write %1").arg(keyPath));
    return {};
}

} // namespace

QString fingerprintOf(const QSslCertificate &certificate)
{
    const QByteArray digest = certificate.digest(QCryptographicHash::Sha256).toHex().toUpper();
    QStringList pairs;
    for (qsizetype i = 0; i < digest.size(); i += 2)
        pairs << QString::fromLatin1(digest.mid(i, 2));
    return pairs.join(QLatin1Char(':'));
}

Result<TlsIdentity> loadOrCreateTlsIdentity(const QString &certPath, const QString &keyPath, const QString &dataDir)
{
    TlsIdentity identity;
    QString cert = certPath;
    QString key = keyPath;
    if (cert.isEmpty()) {
        QDir().mkpath(dataDir);
        cert = QDir(dataDir).filePath(QStringLiteral("tls-cert.pem"));
        key = QDir(dataDir).filePath(QStringLiteral("tls-key.pem"));
        if (!QFile::exists(cert) || !QFile::exists(key)) {
            if (Status made = generate(cert, key); !made)
                return made.error();
            identity.generated = true;
        }
    }
    QFile certFile(cert);
    QFile keyFile(key);
    if (!certFile.open(QIODevice::ReadOnly) || !keyFile.open(QIODevice::ReadOnly))
        return tlsError(QStringLiteral("cannot read %1 or %2").arg(cert, key));
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certFile.readAll(), QSsl::Pem);
    const QByteArray keyPem = keyFile.readAll();
    QSslKey privateKey(keyPem, QSsl::Ec, QSsl::Pem);
    if (privateKey.isNull())
        privateKey = QSslKey(keyPem, QSsl::Rsa, QSsl::Pem);
    if (chain.isEmpty() || privateKey.isNull())
        return tlsError(QStringLiteral("%1 or %2 is not a PEM certificate / private key").arg(cert, key));
    identity.configuration = QSslConfiguration::defaultConfiguration();
    identity.configuration.setLocalCertificateChain(chain);
    identity.configuration.setPrivateKey(privateKey);
    identity.configuration.setPeerVerifyMode(QSslSocket::VerifyNone);
    identity.configuration.setProtocol(QSsl::TlsV1_2OrLater);
    identity.fingerprint = fingerprintOf(chain.first());
    identity.certificatePath = cert;
    return identity;
}

} // namespace academy::http

package org.inetboot.http;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS trust: the platform's trust store, plus any extra CAs the user names (a private mirror's).
 * Certificates are always verified, host names included; there is no way to turn that off.
 */
final class TrustedCertificates {

    private TrustedCertificates() {}

    static SSLContext context(List<Path> extraCaFiles) throws IOException {
        try {
            var context = SSLContext.getInstance("TLS");
            if (extraCaFiles.isEmpty()) {
                context.init(null, null, null);
            } else {
                var platform = trustManager(null);
                var extra = trustManager(keyStore(extraCaFiles));
                context.init(null, new TrustManager[] {new Either(platform, extra)}, null);
            }
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static KeyStore keyStore(List<Path> files) throws IOException, GeneralSecurityException {
        var store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        var factory = CertificateFactory.getInstance("X.509");
        for (var file : files) {
            var certificates = read(factory, file);
            if (certificates.isEmpty()) {
                throw new IOException(file + ": no certificate in this file");
            }
            for (int i = 0; i < certificates.size(); i++) {
                store.setCertificateEntry(file + "#" + i, certificates.get(i));
            }
        }
        return store;
    }

    private static List<Certificate> read(CertificateFactory factory, Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new ArrayList<>(factory.generateCertificates(in));
        } catch (CertificateException e) {
            throw new IOException(file + ": not a PEM or DER certificate: " + e.getMessage(), e);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such CA certificate file", e);
        }
    }

    private static X509ExtendedTrustManager trustManager(KeyStore store) throws GeneralSecurityException {
        var factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Stream.of(factory.getTrustManagers())
                .filter(X509ExtendedTrustManager.class::isInstance)
                .map(X509ExtendedTrustManager.class::cast)
                .findFirst()
                .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
    }

    /** Trusts a server chain that either manager trusts; host names are checked by both. */
    private static final class Either extends X509ExtendedTrustManager {

        private final X509ExtendedTrustManager first;
        private final X509ExtendedTrustManager second;

        Either(X509ExtendedTrustManager first, X509ExtendedTrustManager second) {
            this.first = first;
            this.second = second;
        }

        private interface Check {
            void run(X509ExtendedTrustManager manager) throws CertificateException;
        }

        private void either(Check check) throws CertificateException {
            try {
                check.run(first);
            } catch (CertificateException e) {
                try {
                    check.run(second);
                } catch (CertificateException alsoRejected) {
                    e.addSuppressed(alsoRejected);
                    throw e;
                }
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, Socket socket)
                throws CertificateException {
            either(m -> m.checkServerTrusted(chain, auth, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth, SSLEngine engine)
                throws CertificateException {
            either(m -> m.checkServerTrusted(chain, auth, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String auth) throws CertificateException {
            either(m -> m.checkServerTrusted(chain, auth));
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String auth) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return Stream.concat(Stream.of(first.getAcceptedIssuers()), Stream.of(second.getAcceptedIssuers()))
                    .toArray(X509Certificate[]::new);
        }
    }
}

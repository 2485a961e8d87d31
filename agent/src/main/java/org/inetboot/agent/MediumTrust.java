package org.inetboot.agent;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.inetboot.boot.Stage2;
import org.inetboot.image.OpenOptions;
import org.inetboot.trust.Minisign;
import org.inetboot.trust.TrustPolicy;

/**
 * What stages 1 and 2 trust. HTTPS servers: the platform's CAs and those the medium was built with
 * ({@code media build --ca-cert}, at {@value Stage2#CA_CERTIFICATES} in each stage's root; stage 1
 * copies them into stage 2's). Manifests: the policy on the kernel command line, {@code
 * inetboot.trust=KEY} (a minisign public key's base64 line, as {@code minisign -P} takes it;
 * repeatable) and {@code inetboot.require-signed}, which {@code media build --trust
 * --require-signed} writes and stage 1 hands on to stage 2.
 */
final class MediumTrust {

    private static final Path CA_CERTIFICATES = Path.of("/").resolve(Stage2.CA_CERTIFICATES);

    static final String TRUST = "inetboot.trust";
    static final String REQUIRE_SIGNED = "inetboot.require-signed";

    private MediumTrust() {}

    /** {@code options} with the medium's CA certificates, if it has any. */
    static OpenOptions withCaCertificates(OpenOptions options) {
        if (!Files.isRegularFile(CA_CERTIFICATES)) {
            return options;
        }
        var extra = new ArrayList<>(options.http().extraCaCertificates());
        extra.add(CA_CERTIFICATES);
        return options.withHttp(options.http().withExtraCaCertificates(extra));
    }

    /** The medium's CA certificates, for stage 2. */
    static Optional<byte[]> caCertificates() throws IOException {
        return Files.isRegularFile(CA_CERTIFICATES)
                ? Optional.of(Files.readAllBytes(CA_CERTIFICATES))
                : Optional.empty();
    }

    /** {@code options} with the manifest policy of the command line. */
    static OpenOptions manifests(KernelCommandLine cmdline, OpenOptions options) throws IOException {
        var keys = new ArrayList<>(options.trust().keys());
        for (var key : cmdline.values(TRUST)) {
            keys.add(Minisign.PublicKey.read(key, TRUST + "=" + key));
        }
        boolean required = options.trust().requireSigned() || cmdline.flag(REQUIRE_SIGNED);
        if (required && keys.isEmpty()) {
            throw new IOException(REQUIRE_SIGNED + " without any " + TRUST + "= key: nothing could be trusted");
        }
        return options.withTrust(new TrustPolicy(keys, required));
    }

    /** The words that carry the policy on to stage 2. */
    static List<String> arguments(KernelCommandLine cmdline) {
        var words = new ArrayList<String>();
        cmdline.values(TRUST).forEach(key -> words.add(TRUST + "=" + key));
        if (cmdline.flag(REQUIRE_SIGNED)) {
            words.add(REQUIRE_SIGNED);
        }
        return words;
    }
}

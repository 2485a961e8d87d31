package org.inetboot.agent;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.inetboot.image.OpenOptions;
import org.inetboot.trust.Minisign;
import org.inetboot.trust.TrustPolicy;

/**
 * The trust policy on the kernel command line: {@code inetboot.trust=KEY} (a minisign public key's
 * base64 line, as {@code minisign -P} takes it; repeatable) and {@code inetboot.require-signed}.
 * The medium puts them there when built with {@code --trust}; stage 1 hands them on to stage 2.
 */
final class TrustArguments {

    static final String TRUST = "inetboot.trust";
    static final String REQUIRE_SIGNED = "inetboot.require-signed";

    private TrustArguments() {}

    static OpenOptions apply(KernelCommandLine cmdline, OpenOptions options) throws IOException {
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

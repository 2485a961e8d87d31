package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.inetboot.image.OpenOptions;
import org.inetboot.trust.Minisign;
import org.junit.jupiter.api.Test;

class MediumTrustTest {

    @Test
    void keysAndTheRequirementComeFromTheCommandLineAndGoOnToStage2() throws IOException {
        var a = Minisign.SecretKey.generate().toPublic();
        var b = Minisign.SecretKey.generate().toPublic();
        var cmdline = KernelCommandLine.parse(
                "quiet inetboot.trust=" + a.line() + " inetboot.trust=" + b.line() + " inetboot.require-signed");
        var policy = MediumTrust.manifests(cmdline, OpenOptions.DEFAULT).trust();
        assertThat(policy.keys()).containsExactly(a, b);
        assertThat(policy.requireSigned()).isTrue();
        assertThat(MediumTrust.arguments(cmdline))
                .containsExactly("inetboot.trust=" + a.line(), "inetboot.trust=" + b.line(), "inetboot.require-signed");

        var none = MediumTrust.manifests(KernelCommandLine.parse("quiet"), OpenOptions.DEFAULT)
                .trust();
        assertThat(none.keys()).isEmpty();
        assertThat(none.requireSigned()).isFalse();
        assertThat(MediumTrust.arguments(KernelCommandLine.parse("inetboot.require-signed=0")))
                .isEmpty();
    }

    @Test
    void aRequirementWithoutKeysOrABadKeyIsOneLine() {
        assertThatThrownBy(() ->
                        MediumTrust.manifests(KernelCommandLine.parse("inetboot.require-signed"), OpenOptions.DEFAULT))
                .hasMessage("inetboot.require-signed without any inetboot.trust= key: nothing could be trusted");
        assertThatThrownBy(
                        () -> MediumTrust.manifests(KernelCommandLine.parse("inetboot.trust=RWQ"), OpenOptions.DEFAULT))
                .hasMessage("inetboot.trust=RWQ: not a minisign Ed25519 public key");
    }
}

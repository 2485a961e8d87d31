package org.inetboot.agent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The agent's shell halves, which the medium builder puts in place. */
public final class AgentFiles {

    private AgentFiles() {}

    /** Stage 2's entry point, run by the kernel in the target's initramfs; see {@code Stage2.INIT}. */
    public static String stage2Init() {
        return resource("stage2-init.sh");
    }

    /** udhcpc's hook, at {@link Network#DHCP_SCRIPT}. */
    public static String dhcpScript() {
        return resource("udhcpc.script");
    }

    private static String resource(String name) {
        try (var in = AgentFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the agent's jar lacks " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

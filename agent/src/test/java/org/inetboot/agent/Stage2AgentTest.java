package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class Stage2AgentTest {

    @Test
    void theOutageToWaitOutComesFromTheCommandLineWithinBounds() {
        assertThat(Stage2Agent.outage(KernelCommandLine.parse("quiet inetboot.outage=30")))
                .isEqualTo(Duration.ofSeconds(30));
        for (var unusable : new String[] {
            "",
            "inetboot.outage=0",
            "inetboot.outage=-5",
            "inetboot.outage=1h",
            "inetboot.outage=86401",
            "inetboot.outage=99999999999"
        }) {
            assertThat(Stage2Agent.outage(KernelCommandLine.parse(unusable)))
                    .as(unusable)
                    .isEqualTo(Stage2Agent.OUTAGE);
        }
    }
}

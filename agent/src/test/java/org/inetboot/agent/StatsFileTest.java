package org.inetboot.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class StatsFileTest {

    @Test
    void theReportUrlIsABaseForTheFilesNamesAndOnlyHttp() {
        assertThat(StatsFile.reportUri("http://10.0.2.2:8080/boot1").map(u -> u.resolve("trace")))
                .contains(URI.create("http://10.0.2.2:8080/boot1/trace"));
        assertThat(StatsFile.reportUri("https://h/r/").map(u -> u.resolve("stats.json")))
                .contains(URI.create("https://h/r/stats.json"));
        assertThat(StatsFile.reportUri("file:///etc/")).isEmpty();
        assertThat(StatsFile.reportUri("http://[bad")).isEmpty();
        assertThat(StatsFile.reportUri("relative")).isEmpty();
    }
}

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

    @Test
    void theResidentMemoryIsThisProcesssFromProc() {
        long runtime = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(StatsFile.residentBytes())
                .isGreaterThan(Math.min(runtime, 8L << 20))
                .isLessThan(64L << 30);
    }

    @Test
    void theCpuTimeIsThisProcesssAndGrowsWithWork() {
        double before = StatsFile.cpuSeconds();
        long sum = 0;
        for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() < end; ) {
            sum += Long.numberOfTrailingZeros(sum + 1);
        }
        assertThat(before).isPositive();
        assertThat(StatsFile.cpuSeconds()).as("after %d", sum).isGreaterThanOrEqualTo(before + 0.2);
    }
}

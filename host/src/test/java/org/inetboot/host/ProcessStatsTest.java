package org.inetboot.host;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    @Test
    void theResidentMemoryIsThisProcesssFromProc() {
        long runtime = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        assertThat(ProcessStats.statusBytes("self", "VmRSS"))
                .isGreaterThan(Math.min(runtime, 8L << 20))
                .isLessThan(64L << 30);
        assertThat(ProcessStats.statusBytes("self", "NoSuchField")).isEqualTo(-1);
        assertThat(ProcessStats.statusBytes(String.valueOf(Long.MAX_VALUE), "VmRSS"))
                .isEqualTo(-1);
    }

    @Test
    void theCpuTimeIsThisProcesssAndGrowsWithWork() {
        double before = ProcessStats.cpuSeconds("self");
        long sum = 0;
        for (long end = System.nanoTime() + 300_000_000L; System.nanoTime() < end; ) {
            sum += Long.numberOfTrailingZeros(sum + 1);
        }
        assertThat(before).isPositive();
        assertThat(ProcessStats.cpuSeconds("self")).as("after %d", sum).isGreaterThanOrEqualTo(before + 0.2);
        assertThat(ProcessStats.cpuSeconds(
                        String.valueOf(ProcessHandle.current().pid())))
                .isGreaterThanOrEqualTo(before + 0.2);
    }
}
